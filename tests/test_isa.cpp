// The flags a test program was built with (cmake/simdactDeveloper.cmake's ISA table) must give
// the xsimd architecture its name promises: a wrong or missing flag would otherwise test a
// smaller instruction set under the bigger one's name. Whether this CPU can run it is
// isa_guard.cpp's check, made before the program starts.

#include "catch.hpp"

#include <xsimd/xsimd.hpp>

#include <string>

TEST_CASE("the program runs the xsimd architecture its instruction set promises", "[isa]") {
  INFO("built for instruction set " << SIMDACT_TEST_ISA);
  CHECK(std::string(xsimd::default_arch::name()) == SIMDACT_TEST_EXPECTED_ARCH);
}
