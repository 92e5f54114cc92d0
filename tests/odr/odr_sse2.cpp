// Built with no -m flags: plain x86-64 (see CMakeLists.txt).

#include "../every_call.hpp"
#include "runs.hpp"

namespace {
[[maybe_unused]] const bool registered = simdact_test::add_run("sse2", simdact_test::every_call);
} // namespace
