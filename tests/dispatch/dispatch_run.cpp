// every_call() through simdact::dispatch, for odr_main.cpp to write as dispatch.bin: compared
// byte for byte with the header-only file built for the instruction set SIMDACT_ISA names.

#include "../every_call.hpp"
#include "../odr/runs.hpp"

namespace {
[[maybe_unused]] const bool registered = simdact_test::add_run("dispatch",
                                                               simdact_test::every_call);
} // namespace
