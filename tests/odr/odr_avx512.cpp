// Built with -mavx512f -mavx512cd -mavx512dq -mavx512bw -mfma (see CMakeLists.txt).

#include "../every_call.hpp"
#include "runs.hpp"

namespace {
[[maybe_unused]] const bool registered = simdact_test::add_run("avx512", simdact_test::every_call);
} // namespace
