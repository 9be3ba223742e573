// Special functions behind the exact intervals. Reference values: mpmath 1.3 at 40 digits
// (mp.loggamma, mp.betainc(a, b, 0, x, regularized=True)).
#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>

#include "shikan/core/stats.hpp"

using namespace shikan::stats;

TEST_CASE("log_gamma matches reference values", "[stats][special]") {
  CHECK(log_gamma(0.5) == Approx(0.57236494292470009).epsilon(1e-14));
  CHECK(log_gamma(3.7) == Approx(1.4280723266653881).epsilon(1e-14));
  CHECK(log_gamma(1e-5) == Approx(11.512919692895826).epsilon(1e-14));
  CHECK(log_gamma(1e6) == Approx(12815504.56914761166).epsilon(1e-15));
  CHECK(log_gamma(1.0) == Approx(0.0).margin(1e-14));
  CHECK(log_gamma(2.0) == Approx(0.0).margin(1e-14));
  // ln 10! = ln 3628800
  CHECK(log_gamma(11.0) == Approx(std::log(3628800.0)).epsilon(1e-14));
  CHECK(log_choose(10, 3) == Approx(std::log(120.0)).epsilon(1e-13));
  CHECK(log_choose(7, 0) == 0.0);
  CHECK(log_choose(7, 7) == 0.0);
  CHECK(log_choose(16, 8) == Approx(9.4626543005901723469).epsilon(1e-14));
  CHECK(log_choose(1000, 999) == Approx(6.9077552789821370521).epsilon(1e-14));
  // Large lists: accurate relative to the result, not to n ln n (ln 1e6! is 1.3e7; the result is 631).
  CHECK(log_choose(1'000'000, 59) == Approx(630.57958302507720577).epsilon(1e-14));
  CHECK(log_choose(1'000'000'000, 500'000'000) == Approx(693147169.97252103805).epsilon(1e-15));
  CHECK_THROWS_AS(log_gamma(0.0), std::invalid_argument);
  CHECK_THROWS_AS(log_gamma(-1.5), std::invalid_argument);
  CHECK_THROWS_AS(log_choose(3, 4), std::invalid_argument);
}

TEST_CASE("incomplete beta matches reference values", "[stats][special]") {
  struct Row {
    double x, a, b, expected;
  };
  const Row rows[] = {
      {0.3, 2, 5, 0.579825},                        // closed form: polynomial
      {0.9, 0.5, 0.5, 0.79516723530086657},         // arcsine law: (2/pi) asin(sqrt(0.9))
      {0.001, 200, 3000, 1.1215025080569332e-278},  // far tail
      {0.49, 500, 520, 0.49516715085780397},        // large parameters near the centre
      {0.2, 0.1, 10, 0.99525419415966817},
      {0.999, 3.5, 0.2, 0.6568181592943744},
  };
  for (const Row& r : rows) {
    INFO("x=" << r.x << " a=" << r.a << " b=" << r.b);
    CHECK(incomplete_beta(r.x, r.a, r.b) == Approx(r.expected).epsilon(1e-11));
  }
  CHECK(incomplete_beta(0.0, 2, 3) == 0.0);
  CHECK(incomplete_beta(1.0, 2, 3) == 1.0);
}

TEST_CASE("incomplete beta symmetry and inverse round trip", "[stats][special]") {
  for (double a : {0.3, 1.0, 2.5, 40.0, 900.0}) {
    for (double b : {0.7, 1.0, 3.0, 55.0, 1200.0}) {
      for (double x : {1e-4, 0.05, 0.3, 0.5, 0.77, 0.999}) {
        INFO("x=" << x << " a=" << a << " b=" << b);
        CHECK(incomplete_beta(x, a, b) + incomplete_beta(1.0 - x, b, a) == Approx(1.0).margin(1e-12));
      }
      for (double p : {1e-6, 0.025, 0.5, 0.975, 1.0 - 1e-6}) {
        INFO("p=" << p << " a=" << a << " b=" << b);
        const double x = inverse_incomplete_beta(p, a, b);
        CHECK(incomplete_beta(x, a, b) == Approx(p).epsilon(1e-10));
      }
    }
  }
  CHECK(inverse_incomplete_beta(0.0, 2, 3) == 0.0);
  CHECK(inverse_incomplete_beta(1.0, 2, 3) == 1.0);
}

TEST_CASE("incomplete beta rejects bad arguments with the values", "[stats][special]") {
  CHECK_THROWS_WITH(incomplete_beta(1.5, 2, 3), Catch::Contains("x=1.5"));
  CHECK_THROWS_WITH(incomplete_beta(0.5, 0, 3), Catch::Contains("a=0"));
  CHECK_THROWS_AS(inverse_incomplete_beta(-0.1, 2, 3), std::invalid_argument);
  CHECK_THROWS_AS(incomplete_beta(std::nan(""), 2, 3), std::invalid_argument);
}
