#pragma once

// The odr programs: each file built for one instruction set registers its copy of every_call()
// under that set's name, and main (odr_main.cpp) writes each result to <dir>/<name>.bin.

#include <string>

namespace simdact_test {

bool add_run(const char* isa, std::string (*run)());

} // namespace simdact_test
