#include "core/time.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "core/time_scales.hpp"

namespace lagrange {
namespace {

TEST(Time, ParsesAndFormatsIso8601) {
  auto t = parse_iso8601("2026-06-26T12:34:56.789Z");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(format_iso8601(*t), "2026-06-26T12:34:56.789Z");
  EXPECT_EQ(format_iso8601(*parse_iso8601("2026-06-26")), "2026-06-26T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(*parse_iso8601("2026-06-26 01:02")), "2026-06-26T01:02:00.000Z");
  EXPECT_EQ(format_iso8601(*parse_iso8601("2026-06-26T01:02:03+00:00")),
            "2026-06-26T01:02:03.000Z");
}

TEST(Time, KnownUnixSeconds) {
  // 2000-01-01T12:00:00Z is Unix time 946728000 (a value every library agrees on).
  EXPECT_EQ(parse_iso8601("2000-01-01T12:00:00Z")->unix_ns(), 946728000LL * 1'000'000'000);
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00Z")->unix_ns(), 0);
}

TEST(Time, RoundsToNearestMillisecond) {
  const Instant t = *parse_iso8601("2026-01-01T00:00:59.9996Z");
  EXPECT_EQ(format_iso8601(t), "2026-01-01T00:01:00.000Z");
  const Instant before = Instant::from_unix_ns(-1'000'000);  // 1 ms before the epoch
  EXPECT_EQ(format_iso8601(before), "1969-12-31T23:59:59.999Z");
}

// Found by fuzzing (fuzz/corpus/omm_xml/epoch_year_4052.xml): a year past 2262 overflowed the
// int64 nanoseconds and wrapped to another date instead of being refused.
TEST(Time, YearsOutsideTheInstantRangeAreErrorsNotWraps) {
  EXPECT_TRUE(parse_iso8601("1950-01-01T00:00:00Z").ok());
  EXPECT_TRUE(parse_iso8601("2199-12-31T23:59:59.999Z").ok());
  for (const char* bad : {"4052-06-26T23:16:43Z", "2262-06-01", "1677-12-31", "0000-01-01"}) {
    const auto t = parse_iso8601(bad);
    ASSERT_FALSE(t.ok()) << bad << " -> " << format_iso8601(*t);
    EXPECT_NE(t.error().message.find("outside the supported instants"), std::string::npos)
        << t.error().message;
  }
}

TEST(Time, RejectsBadText) {
  for (const char* bad : {"", "2026-13-01", "2026-02-30", "26-01-01", "2026-01-01T25:00",
                          "2026-01-01T10:00:00+08:00", "2026-01-01T10:00:00.Z", "yesterday"}) {
    auto t = parse_iso8601(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_NE(t.error().message.find("ISO 8601"), std::string::npos);
  }
}

TEST(Time, YearDayEpochs) {
  // TLE epoch 26177.93574109: day 177 of 2026 is June 26.
  const Instant t = instant_from_year_day(2026, 177.93574109);
  EXPECT_EQ(format_iso8601(t), "2026-06-26T22:27:28.030Z");
  EXPECT_EQ(instant_from_year_day(2000, 1.0).unix_ns(), 946684800LL * 1'000'000'000);
}

TEST(Time, DurationArithmetic) {
  const Duration d = Duration::minutes(90) + Duration::seconds(30);
  EXPECT_DOUBLE_EQ(d.to_minutes(), 90.5);
  EXPECT_EQ(Duration::from_seconds(-1.5).ns(), -1'500'000'000);
  const Instant a = Instant::from_unix_seconds(100.0);
  EXPECT_EQ((a + d) - a, d);
}

// Regression (issue: instants past 2262 wrapped to the 1800s): `--start 3000-01-01`, a
// scenario in 2300 and `start: 1900-01-01` must be rejected with the supported range.
TEST(Time, RegressionInstantsOutsideTheSupportedRangeAreRejectedNotWrapped) {
  for (const char* outside : {"3000-01-01", "2300-01-01T00:00:00Z", "2200-01-01", "1900-01-01",
                              "1949-12-31T23:59:59Z", "0001-01-01"}) {
    auto t = parse_iso8601(outside);
    ASSERT_FALSE(t.ok()) << outside << " parsed as " << format_iso8601(*t);
    EXPECT_NE(t.error().message.find("supported instants [1950-01-01, 2200-01-01)"),
              std::string::npos)
        << t.error().message;
  }
  EXPECT_EQ(format_iso8601(*parse_iso8601("1950-01-01")), "1950-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(*parse_iso8601("2199-12-31T23:59:59.999Z")), "2199-12-31T23:59:59.999Z");
  EXPECT_EQ(*parse_iso8601("1950-01-01"), kEarliestSupported);
  EXPECT_EQ(kLatestSupported - Duration::from_ns(1),
            *parse_iso8601("2199-12-31T23:59:59.999999999"));
  EXPECT_TRUE(check_supported(kEarliestSupported, "start").ok());
  const Status late = check_supported(kLatestSupported, "--start");
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().message.rfind("--start 2200-01-01T00:00:00.000Z is outside", 0), 0u);
}

// Regression (issue: `operations: 1e25` delivered in 11 s, `--minutes 1e300`): conversions
// and sums past the int64 range saturate instead of wrapping to the other end.
TEST(Time, RegressionOverflowingDurationsSaturate) {
  EXPECT_EQ(Duration::from_seconds(1e10), Duration::max());  // 317 years > int64 ns
  EXPECT_EQ(Duration::from_seconds(1e300), Duration::max());
  EXPECT_EQ(Duration::from_seconds(-1e300), Duration::min());
  EXPECT_EQ(Duration::from_seconds(std::numeric_limits<double>::quiet_NaN()), Duration::max());
  EXPECT_EQ(Duration::from_minutes(1e300), Duration::max());
  EXPECT_EQ(Duration::from_seconds(9.2e9).ns(), 9'200'000'000'000'000'000);  // still exact
  EXPECT_EQ(Duration::days(int64_t{1} << 40), Duration::max());
  EXPECT_EQ(Duration::seconds(-(int64_t{1} << 40)), Duration::min());
  const Instant t = *parse_iso8601("2026-06-27");
  EXPECT_EQ(t + Duration::from_seconds(1e25 / 1e15), Instant::max());
  EXPECT_EQ(kEarliestSupported - Duration::max(), Instant::min());
  EXPECT_EQ(Instant::max() - Instant::min(), Duration::max());
  EXPECT_EQ(Duration::max() * 2, Duration::max());
  EXPECT_EQ(Duration::max() * -2, Duration::min());
  EXPECT_EQ(-Duration::min(), Duration::max());
  Instant u = t;
  u += Duration::max();
  EXPECT_EQ(u, Instant::max());
  // Far calendar dates saturate too (they are not supported, but must not wrap).
  EXPECT_EQ(instant_from_year_day(2026, 1e300), Instant::max());
}

TEST(TimeScales, TtMinusUtcIs69SecondsSince2017) {
  const Instant t = *parse_iso8601("2026-06-26T00:00:00Z");
  const JulianDate utc = utc_jd(t);
  const JulianDate tt = tt_jd(t);
  const double diff_s = ((tt.whole - utc.whole) + (tt.fraction - utc.fraction)) * 86400.0;
  EXPECT_NEAR(diff_s, 69.184, 1e-6);  // 37 leap seconds + 32.184 s
  EXPECT_DOUBLE_EQ(utc.value(), 2461217.5);
}

}  // namespace
}  // namespace lagrange
