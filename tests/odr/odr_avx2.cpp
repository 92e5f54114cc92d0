// Built with -mavx2 -mfma (see CMakeLists.txt).

#include "../every_call.hpp"
#include "runs.hpp"

namespace {
[[maybe_unused]] const bool registered = simdact_test::add_run("avx2", simdact_test::every_call);
} // namespace
