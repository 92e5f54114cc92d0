// What simdact::dispatch chose: the set SIMDACT_ISA names, or else the best this CPU runs,
// told apart here with the compiler's own CPU checks. And its checks on the 16-bit types: the
// same exceptions and messages as the header-only functions, before any output is written.
// (Their results: dispatch.<isa>.same_bits compares every 16-bit input with the header-only
// build's.)

#include "../catch.hpp"

#include <simdact/dispatch.hpp>
#include <simdact/simdact.hpp>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

std::string best_isa_of_this_cpu() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  const bool fma = __builtin_cpu_supports("fma");
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") && fma) {
    return "avx512";
  }
  return __builtin_cpu_supports("avx2") && fma ? "avx2" : "sse2";
#elif defined(__aarch64__)
  return "neon";
#else
  return "unknown";
#endif
}

// The two APIs as types, so that one generic lambda makes the same call through each.
struct header_only {
  template <class... A> static void forward(A&&... a) { simdact::forward(std::forward<A>(a)...); }
  template <class... A> static void backward(A&&... a) { simdact::backward(std::forward<A>(a)...); }
  template <class... A> static void backward_from_output(A&&... a) {
    simdact::backward_from_output(std::forward<A>(a)...);
  }
};
struct dispatched {
  template <class... A> static void forward(A&&... a) {
    simdact::dispatch::forward(std::forward<A>(a)...);
  }
  template <class... A> static void backward(A&&... a) {
    simdact::dispatch::backward(std::forward<A>(a)...);
  }
  template <class... A> static void backward_from_output(A&&... a) {
    simdact::dispatch::backward_from_output(std::forward<A>(a)...);
  }
};

template <class Call> std::string invalid_argument_of(Call&& call) {
  try {
    call();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no std::invalid_argument)";
}

template <class H> std::vector<H> filled(std::size_t n, std::uint16_t bits) {
  return std::vector<H>(n, H::from_bits(bits));
}

// call(api, out) makes one bad call through api, writing to out (a vector of the 16-bit type,
// filled with 0x1234 beforehand): both APIs must throw the same message and leave out alone.
template <class H, class Call> void same_rejection(const char* what, Call&& call) {
  std::vector<H> out = filled<H>(4, 0x1234);
  const std::string expected = invalid_argument_of([&] { call(header_only{}, out); });
  const std::string got = invalid_argument_of([&] { call(dispatched{}, out); });
  INFO(what);
  CHECK(expected.rfind("simdact::", 0) == 0);
  CHECK(got == expected);
  for (const H& e : out) {
    CHECK(e.to_bits() == 0x1234);
  }
}

} // namespace

TEMPLATE_TEST_CASE("dispatch checks 16-bit arguments as the header-only functions do", "[half]",
                   simdact::bfloat16, simdact::float16) {
  using H = TestType;
  const std::vector<H> a = filled<H>(4, 0xbc00); // -1 in either type
  std::vector<H> c = filled<H>(3, 0x3c00);       // an input of the wrong size, or dweight
  const H w[2] = {H(0.25f), H(0.5f)};
  same_rejection<H>("sizes", [&](auto api, std::vector<H>& out) {
    decltype(api)::forward(simdact::relu<H>{}, c, out);
  });
  same_rejection<H>("null x", [&](auto api, std::vector<H>& out) {
    decltype(api)::forward(simdact::elu<H>{}, static_cast<const H*>(nullptr), out.data(),
                           std::size_t{4});
  });
  same_rejection<H>("slope 0", [&](auto api, std::vector<H>& out) {
    decltype(api)::backward_from_output(simdact::leaky_relu<H>{0.0f}, a, a, out);
  });
  same_rejection<H>("layout", [&](auto api, std::vector<H>& out) {
    decltype(api)::forward(simdact::prelu<H>{w, {1, 2, 3}}, a, out);
  });
  same_rejection<H>("layout first", [&](auto api, std::vector<H>& out) {
    decltype(api)::backward(simdact::prelu<H>{w, {1, 2, 3}}, a, c, out, out);
  });
  same_rejection<H>("null weight", [&](auto api, std::vector<H>& out) {
    decltype(api)::backward(simdact::prelu<H>{nullptr, {1, 2, 2}}, a, a, out, c);
  });
  same_rejection<H>("dweight size", [&](auto api, std::vector<H>& out) {
    decltype(api)::backward(simdact::prelu<H>{w, {2, 2, 1}}, a, a, out, c);
  });
  // Nothing to do: null pointers are fine.
  simdact::dispatch::forward(simdact::relu<H>{}, static_cast<const H*>(nullptr),
                             static_cast<H*>(nullptr), 0);
  simdact::dispatch::backward(simdact::prelu<H>{nullptr, {0, 1, 1}}, static_cast<const H*>(nullptr),
                              static_cast<const H*>(nullptr), static_cast<H*>(nullptr),
                              static_cast<H*>(nullptr), 0);
}

TEST_CASE("dispatch runs the set SIMDACT_ISA names, or the best this CPU has", "[dispatch]") {
  const char* requested = std::getenv("SIMDACT_ISA");
  const std::string expected = requested != nullptr && *requested != '\0' ? requested
                                                                          : best_isa_of_this_cpu();
  INFO("SIMDACT_ISA = " << (requested != nullptr ? requested : "(unset)"));
  CHECK(std::string(simdact::dispatch::active_isa()) == expected);
}
