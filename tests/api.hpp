#pragma once

// The array-level functions the tests call, as `api::forward(...)` and so on: simdact's headers,
// or, in the programs built with SIMDACT_TEST_DISPATCH, the compiled simdact::dispatch library.
// The same test sources then check both. (A compile definition: the choice is which header.)

#include <simdact/simdact.hpp>

#if defined(SIMDACT_TEST_DISPATCH)
#include <simdact/dispatch.hpp>
namespace simdact_test {
namespace api = simdact::dispatch;
} // namespace simdact_test
#else
namespace simdact_test {
namespace api = simdact;
} // namespace simdact_test
#endif
