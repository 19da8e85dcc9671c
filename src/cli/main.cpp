#include "cli/app.hpp"

int main(int argc, char** argv) {
  return lagrange::cli::run_app(argc, argv);
}
