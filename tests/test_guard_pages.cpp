// Every array function touches only its n elements: each input and output buffer starts right
// after, or ends right before, a PROT_NONE page (a read or write past it is a crash), for every
// length 0-200 and a few large odd ones, at every element offset within 64 bytes (0, 4, ..., 60
// for float; 0, 8, ..., 56 for double: a pointer not aligned to its type is undefined behaviour
// before simdact sees it). A buffer that ends at a guard page starts at the chosen offset modulo
// 64 and ends less than 64 bytes before the page; at one offset in each length it ends exactly
// there. The results must also equal, bit for bit, those of one long call on ordinary vectors:
// an element's result depends neither on n, nor on its place in body or tail, nor on alignment.

#include "catch.hpp"
#include "reference.hpp"

#include <simdact/simdact.hpp>

#if __has_include(<sys/mman.h>) && __has_include(<unistd.h>)
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <vector>

namespace {

using simdact_test::same;

// [PROT_NONE page][data pages][PROT_NONE page]
class guarded_region {
public:
  explicit guarded_region(std::size_t bytes) {
    page_ = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    data_ = (bytes + page_ - 1) / page_ * page_;
    void* p = mmap(nullptr, data_ + 2 * page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    REQUIRE(p != MAP_FAILED);
    base_ = static_cast<char*>(p);
    REQUIRE(mprotect(base_, page_, PROT_NONE) == 0);
    REQUIRE(mprotect(base_ + page_ + data_, page_, PROT_NONE) == 0);
  }
  guarded_region(const guarded_region&) = delete;
  guarded_region& operator=(const guarded_region&) = delete;
  ~guarded_region() { munmap(base_, data_ + 2 * page_); }

  // n elements starting offset bytes after the leading guard, or ending before the trailing
  // guard at the highest address that is offset modulo 64.
  template <class T> T* place(std::size_t n, std::size_t offset, bool at_end) const {
    char* const begin = base_ + page_;
    if (!at_end) {
      return reinterpret_cast<T*>(begin + offset);
    }
    const std::size_t bytes = n * sizeof(T);
    const std::size_t gap = (128 - bytes % 64 - offset) % 64; // start = offset modulo 64
    return reinterpret_cast<T*>(begin + data_ - bytes - gap);
  }

private:
  std::size_t page_ = 0, data_ = 0;
  char* base_ = nullptr;
};

// Lengths 0-200 and three large odd ones: runs of many batches, unrolled loops and flushes of
// PReLU's partial sums.
std::vector<std::size_t> lengths() {
  std::vector<std::size_t> n;
  for (std::size_t i = 0; i <= 200; ++i) {
    n.push_back(i);
  }
  for (const std::size_t large : {std::size_t(1001), std::size_t(4099), std::size_t(33333)}) {
    n.push_back(large);
  }
  return n;
}

// One array call: the inputs and outputs are given as pointers to n elements.
template <class T> struct call {
  const char* name;
  std::size_t inputs;  // 1 or 2
  std::size_t outputs; // 1, or 2 for PReLU's backward (dx, dweight)
  // n -> the PReLU layout's channels (1 for the element-wise activations), or 0 when the call
  // does not apply to n.
  std::function<std::size_t(std::size_t)> channels;
  std::function<void(const T* a, const T* b, T* out, T* dweight, std::size_t n)> run;
};

template <class T, class Act> void add_elementwise(std::vector<call<T>>& calls, const Act& act) {
  auto one = [](std::size_t) { return std::size_t(1); };
  calls.push_back({"forward", 1, 1, one, [act](const T* a, const T*, T* out, T*, std::size_t n) {
                     simdact::forward(act, a, out, n);
                   }});
  calls.push_back({"backward", 2, 1, one, [act](const T* a, const T* b, T* out, T*, std::size_t n) {
                     simdact::backward(act, a, b, out, n);
                   }});
  calls.push_back(
      {"backward_from_output", 2, 1, one, [act](const T* a, const T* b, T* out, T*, std::size_t n) {
         simdact::backward_from_output(act, a, b, out, n);
       }});
}

// PReLU layouts for n elements: one shared slope, NCHW-like {2, 3, n / 6} and NHWC-like
// {n / 3, 3, 1} where they divide n.
template <class T> void add_prelu(std::vector<call<T>>& calls, const T* weight) {
  struct shape {
    const char* name;
    std::size_t channels, outer_divisor; // layout {n / (channels * inner) ...}
    bool nchw;
  };
  for (const shape s :
       {shape{"prelu {1, 1, n}", 1, 1, true}, shape{"prelu {2, 3, n/6}", 3, 6, true},
        shape{"prelu {n/3, 3, 1}", 3, 3, false}}) {
    auto layout_of = [s](std::size_t n) {
      return s.nchw ? simdact::channel_layout{s.outer_divisor / s.channels, s.channels,
                                              n / s.outer_divisor}
                    : simdact::channel_layout{n / s.channels, s.channels, 1};
    };
    auto channels = [s](std::size_t n) {
      return n % s.outer_divisor == 0 ? s.channels : std::size_t(0);
    };
    calls.push_back({s.name, 1, 1, channels,
                     [weight, layout_of](const T* a, const T*, T* out, T*, std::size_t n) {
                       simdact::forward(simdact::prelu<T>{weight, layout_of(n)}, a, out, n);
                     }});
    calls.push_back(
        {s.name, 2, 2, channels,
         [weight, layout_of](const T* a, const T* b, T* out, T* dweight, std::size_t n) {
           simdact::backward(simdact::prelu<T>{weight, layout_of(n)}, a, b, out, dweight, n);
         }});
  }
}

template <class T> std::vector<call<T>> all_calls(const T* weight) {
  std::vector<call<T>> calls;
  add_elementwise<T>(calls, simdact::relu<T>{});
  add_elementwise<T>(calls, simdact::leaky_relu<T>{T(0.01)}); // the max form
  add_elementwise<T>(calls, simdact::leaky_relu<T>{T(1.5)});  // the compare form
  add_elementwise<T>(calls, simdact::elu<T>{});               // unit_elu
  add_elementwise<T>(calls, simdact::elu<T>{T(0.5)});
  add_prelu<T>(calls, weight);
  return calls;
}

} // namespace

TEMPLATE_TEST_CASE("array functions stay inside buffers that border PROT_NONE pages", "[guard]",
                   float, double) {
  using T = TestType;
  const std::vector<std::size_t> ns = lengths();
  const std::size_t most = ns.back();
  const std::vector<T> a = simdact_test::random_inputs<T>(most, 31);
  const std::vector<T> b = simdact_test::random_inputs<T>(most, 32);
  const T weight[3] = {T(0.25), T(-0.5), T(1)};
  const std::size_t bytes = most * sizeof(T) + 64;
  const guarded_region in_a(bytes), in_b(bytes), out(bytes), dweight(64);

  std::size_t calls_made = 0;
  for (const call<T>& c : all_calls<T>(weight)) {
    for (const std::size_t n : ns) {
      const std::size_t channels = c.channels(n);
      if (channels == 0) {
        continue;
      }
      // The reference: the same call on ordinary vectors of the same n.
      std::vector<T> want(n), want_dw(channels);
      c.run(a.data(), b.data(), want.data(), want_dw.data(), n);
      for (const bool at_end : {false, true}) {
        for (std::size_t offset = 0; offset < 64; offset += sizeof(T)) {
          T* const pa = in_a.place<T>(n, offset, at_end);
          T* const pb = in_b.place<T>(n, offset, at_end);
          T* const po = out.place<T>(n, offset, at_end);
          T* const pw = dweight.place<T>(channels, offset, at_end);
          std::memcpy(pa, a.data(), n * sizeof(T));
          std::memcpy(pb, b.data(), n * sizeof(T));
          // Out of place, then in place (the output is the first input).
          for (const bool in_place : {false, true}) {
            T* const result = in_place ? pa : po;
            if (in_place) {
              std::memcpy(pa, a.data(), n * sizeof(T));
            }
            c.run(pa, c.inputs == 2 ? pb : nullptr, result, c.outputs == 2 ? pw : nullptr, n);
            ++calls_made;
            bool ok = true;
            for (std::size_t i = 0; i < n; ++i) {
              ok = ok && same(result[i], want[i]);
            }
            // In place, a dweight that overflowed cannot be summed again (see prelu.hpp).
            for (std::size_t k = 0; c.outputs == 2 && !in_place && k < channels; ++k) {
              ok = ok && same(pw[k], want_dw[k]);
            }
            if (!ok) {
              FAIL_CHECK(c.name << " (" << (c.inputs == 2 ? "two inputs" : "one input")
                                << "), n = " << n << ", offset " << offset << " bytes, "
                                << (at_end ? "ending at" : "starting at") << " a guard page"
                                << (in_place ? ", in place" : "")
                                << ": results differ from the unguarded call");
            }
          }
        }
      }
    }
  }
  CHECK(calls_made > 100000);
}

#endif
