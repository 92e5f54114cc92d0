// Built with no flags: NEON is part of ARM64.

#include "../every_call.hpp"
#include "runs.hpp"

namespace {
[[maybe_unused]] const bool registered = simdact_test::add_run("neon", simdact_test::every_call);
} // namespace
