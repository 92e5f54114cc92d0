// The baseline of bench/compile_time.sh: what including simdact costs before any kernel is
// instantiated.
#include <simdact/simdact.hpp>

int main() { return 0; }
