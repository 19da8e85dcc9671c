// The smallest cpp-httplib server: GET / answers "ok". For bench/http_peers.sh.
#include <httplib.h>
#include <netinet/tcp.h>

#include <cstdlib>

int main(int argc, char** argv) {
  const int port = argc > 1 ? std::atoi(argv[1]) : 18080;
  const size_t threads = argc > 2 ? static_cast<size_t>(std::atoi(argv[2])) : 64;
  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_keep_alive_max_count(100000);
  if (std::getenv("NAGLE") == nullptr) {
    // Accepted sockets inherit TCP_NODELAY from the listening one (Linux).
    server.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
      setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    });
  }
  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok", "text/plain");
  });
  server.listen("127.0.0.1", port);
}
