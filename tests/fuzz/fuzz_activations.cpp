// Differential fuzz target for simdact's array-level functions.
//
// Each input is decoded into one call: operation, float or double, parameters (slope, alpha,
// PReLU weights and layout), length, buffer offsets, aliasing, pointer or range overload, and
// sometimes a deliberate error (null pointer, size mismatch, bad parameter or layout). The call's
// result is compared with a plain scalar reference written here, independently of the library:
// bit-exact for ReLU, Leaky ReLU and PReLU, within a few ulps of a long double reference for
// ELU. Every buffer has canary bytes around it; when a call throws, no byte may have changed.
// Any mismatch prints a description and aborts, which libFuzzer reports as a crash.

#include "../reference.hpp" // ulp_error: the metric of simdact/accuracy.hpp

#include <simdact/simdact.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace {

// ---- decoding ----------------------------------------------------------------------------

// Bytes come from the fuzzer's input; once that is used up a generator seeded from the whole
// input takes over, so a short input can still describe a long array of varied values.
class byte_source {
public:
  byte_source(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {
    state_ = 0x9E3779B97F4A7C15u ^ size;
    for (std::size_t i = 0; i < size; ++i) {
      state_ = (state_ ^ data[i]) * 0x100000001B3u;
    }
  }

  std::uint8_t byte() {
    if (pos_ < size_) {
      return data_[pos_++];
    }
    return static_cast<std::uint8_t>(next_random() >> 56);
  }

  template <class U> U bits() {
    U value = 0;
    for (std::size_t i = 0; i < sizeof(U); ++i) {
      value = static_cast<U>((value << 8) | byte());
    }
    return value;
  }

private:
  std::uint64_t next_random() { // splitmix64
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
  }

  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  std::uint64_t state_;
};

template <class T>
using uint_of_t = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

template <class T> uint_of_t<T> to_bits(T v) {
  uint_of_t<T> u;
  std::memcpy(&u, &v, sizeof v);
  return u;
}
template <class T> T from_bits(uint_of_t<T> u) {
  T v;
  std::memcpy(&v, &u, sizeof v);
  return v;
}

// Values that stress the kernels: ordinary magnitudes, ELU's exp range down to and past
// underflow, the thresholds inside exp.hpp give or take a few ulps, signed zeros, subnormals,
// huge values, infinities, NaNs with payloads, and arbitrary bit patterns.
template <class T> T decode_value(byte_source& in) {
  using lim = std::numeric_limits<T>;
  const std::uint8_t kind = in.byte();
  const T sign = (kind & 0x80) != 0 ? T(-1) : T(1);
  switch (kind % 16) {
  case 0:
  case 1:
  case 2:
  case 3:
  case 4:
  case 5: {
    const auto mantissa = in.bits<std::uint16_t>();
    const int exponent = in.byte() % 24 - 28;
    return sign * std::ldexp(static_cast<T>(mantissa), exponent);
  }
  case 6:
  case 7: { // ELU's negative side, down to well past where e^x underflows
    const T range = sizeof(T) == 4 ? T(120) : T(800);
    return -range * static_cast<T>(in.bits<std::uint16_t>()) / T(65536);
  }
  case 8: {
    static constexpr double points[] = {
        0.0,    0.5,  0.34657359027997264, 1.0, 87.0, 103.9, 103.972, 104.0, 105.0, 708.0,
        745.13, 746.0};
    T v = sign * static_cast<T>(points[in.byte() % std::size(points)]);
    const int steps = in.byte() % 9 - 4;
    for (int i = 0; i < std::abs(steps); ++i) {
      v = std::nextafter(v, steps > 0 ? lim::infinity() : -lim::infinity());
    }
    return v;
  }
  case 9:
    return sign * T(0);
  case 10: { // subnormal
    const uint_of_t<T> mantissa_mask = (uint_of_t<T>(1) << (lim::digits - 1)) - 1;
    return sign * from_bits<T>(in.bits<uint_of_t<T>>() & mantissa_mask);
  }
  case 11:
    return sign * std::ldexp(T(1) + static_cast<T>(in.byte()) / T(256),
                             lim::max_exponent - 1 - in.byte() % 8);
  case 12:
    switch (in.byte() % 4) {
    case 0:
      return sign * lim::infinity();
    case 1:
      return sign * lim::max();
    default: { // quiet NaN with a payload
      const uint_of_t<T> quiet = to_bits(lim::quiet_NaN());
      const uint_of_t<T> payload = in.bits<uint_of_t<T>>() &
                                   ((uint_of_t<T>(1) << (lim::digits - 2)) - 1);
      return sign * from_bits<T>(quiet | payload);
    }
    }
  default:
    return from_bits<T>(in.bits<uint_of_t<T>>());
  }
}

// Slopes and alphas: mostly the usual ones (alpha = 1 has ELU's tightest bound), sometimes
// anything decode_value produces, including 0, negative, huge, subnormal, infinite and NaN.
template <class T> T decode_param(byte_source& in) {
  static constexpr double usual[] = {0.0, -0.0, 0.01, 0.25, 1.0, 1.0, 1.0, 1.5, -0.5, -1.0, 3.0};
  const std::uint8_t k = in.byte();
  if (k < 2 * std::size(usual)) {
    return static_cast<T>(usual[k % std::size(usual)]);
  }
  return decode_value<T>(in);
}

// ---- checking ----------------------------------------------------------------------------

std::string describe(double v) {
  char text[64];
  std::snprintf(text, sizeof text, "%a (%.9g)", v, v);
  return text;
}
std::string describe(long double v) {
  char text[80];
  std::snprintf(text, sizeof text, "%La (%.12Lg)", v, v);
  return text;
}
std::string describe(float v) { return describe(static_cast<double>(v)); }

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "simdact fuzz mismatch: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

template <class T> bool same_value(T a, T b) {
  return (std::isnan(a) && std::isnan(b)) || to_bits(a) == to_bits(b);
}

// Error in ulps against the exact value want, simdact's one metric (see accuracy.hpp); an
// infinity is exact where want rounds to that infinity in T.
template <class T> long double ulp_error(T got, long double want) {
  if (std::isinf(got) && static_cast<T>(want) == got) {
    return 0;
  }
  return simdact_test::ulp_error(got, want);
}

// One array with canary bytes before and after it. The allocation is exactly front + n + back
// elements, so with front or back 0 AddressSanitizer catches out-of-range reads as well.
template <class T> struct buffer {
  std::size_t front = 0, n = 0, back = 0;
  std::unique_ptr<T[]> storage;
  std::vector<unsigned char> before; // every byte, as it was just before the call

  T* data() const { return storage.get() + front; }
  std::size_t total() const { return front + n + back; }
  unsigned char* bytes() const { return reinterpret_cast<unsigned char*>(storage.get()); }
  void remember() { before.assign(bytes(), bytes() + total() * sizeof(T)); }

  bool unchanged(std::size_t from, std::size_t to) const { // element range of the whole storage
    return from == to || std::memcmp(bytes() + from * sizeof(T), before.data() + from * sizeof(T),
                                     (to - from) * sizeof(T)) == 0;
  }
  bool unchanged() const { return unchanged(0, total()); }
  bool guards_unchanged() const { return unchanged(0, front) && unchanged(front + n, total()); }
};

template <class T> buffer<T> make_buffer(byte_source& in, std::size_t n) {
  buffer<T> b;
  b.front = in.byte() % 17;
  const std::uint8_t back = in.byte();
  b.back = back % 4 == 0 ? 0 : back % 17;
  b.n = n;
  b.storage.reset(new T[b.total()]);
  for (std::size_t i = 0; i < b.total() * sizeof(T); ++i) {
    b.bytes()[i] = static_cast<unsigned char>(i * 151 + 0x5A); // canary, also in output slots
  }
  return b;
}

template <class T> buffer<T> make_input(byte_source& in, std::size_t n) {
  buffer<T> b = make_buffer<T>(in, n);
  for (std::size_t i = 0; i < n; ++i) {
    b.data()[i] = decode_value<T>(in);
  }
  return b;
}

// Minimal contiguous range for the range overloads: data() and size(), nothing else.
template <class T> struct view {
  T* p;
  std::size_t n;
  T* data() const { return p; }
  std::size_t size() const { return n; }
};

// Which pointer is replaced by nullptr, which range is shortened, which output aliases what.
struct call_shape {
  bool use_ranges = false;
  int null_arg = -1;  // index into the call's pointer arguments, -1 for none
  int short_arg = -1; // index of the range that is shortened, -1 for none
  std::size_t shortened_by = 0;
  int alias = 0; // 0: separate output; 1: output is the first input; 2: the second
  bool dweight_is_weight = false;
};

call_shape decode_shape(byte_source& in) {
  call_shape s;
  const std::uint8_t flags = in.byte();
  const std::uint8_t which = in.byte();
  s.use_ranges = (flags & 1) != 0;
  if ((flags & 0x0E) == 0x02) {
    s.null_arg = which % 5;
  }
  if (s.use_ranges && (flags & 0x30) == 0x10) {
    s.short_arg = (which >> 3) % 5;
    s.shortened_by = 1 + (which >> 6);
  }
  s.alias = (flags >> 6) % 3;
  s.dweight_is_weight = (which & 0x04) != 0;
  return s;
}

std::size_t decode_length(byte_source& in) {
  switch (in.byte() % 4) {
  case 0:
    return in.byte() % 17;
  case 1:
    return in.byte() % 70;
  case 2:
    return in.bits<std::uint16_t>() % 600;
  default:
    return in.bits<std::uint16_t>() % 4100;
  }
}

// ---- elementwise activations -------------------------------------------------------------

enum class pass { forward, backward, backward_from_output };

const char* pass_name(pass p) {
  return p == pass::forward ? "forward" : p == pass::backward ? "backward" : "backward_from_output";
}

template <class T> std::string act_name(const simdact::relu<T>&) { return "relu"; }
template <class T> std::string act_name(const simdact::leaky_relu<T>& a) {
  return "leaky_relu(slope " + describe(a.negative_slope) + ")";
}
template <class T> std::string act_name(const simdact::elu<T>& a) {
  return "elu(alpha " + describe(a.alpha) + ")";
}

// The documented preconditions of backward_from_output.
template <class T> bool output_invertible(const simdact::relu<T>&) { return true; }
template <class T> bool output_invertible(const simdact::leaky_relu<T>& a) {
  return a.negative_slope > T(0);
}
template <class T> bool output_invertible(const simdact::elu<T>& a) { return a.alpha >= T(0); }

// Exact references, written from the definitions (PyTorch semantics).
template <class T> T reference(const simdact::relu<T>&, pass p, T a, T dy) {
  if (p == pass::forward) {
    return a < T(0) ? T(0) : a; // NaN and -0 pass through
  }
  return a <= T(0) ? T(0) : dy; // x == 0 takes the zero branch; NaN passes the gradient
}
template <class T> T reference(const simdact::leaky_relu<T>& act, pass p, T a, T dy) {
  const T s = act.negative_slope;
  if (p == pass::forward) {
    return a > T(0) ? a : a * s;
  }
  return a > T(0) ? dy : dy * s;
}

template <class T>
std::string element_report(const std::string& op, std::size_t i, std::size_t n, T a, T dy, T got) {
  return op + " n=" + std::to_string(n) + " at i=" + std::to_string(i) + ": in " + describe(a) +
         " dy " + describe(dy) + " got " + describe(got);
}

template <class Act, class T>
void check_element(const Act& act, pass p, const std::string& op, std::size_t i, std::size_t n, T a,
                   T dy, T got) {
  const T want = reference(act, p, a, dy);
  if (!same_value(got, want)) {
    fail(element_report(op, i, n, a, dy, got) + " want " + describe(want));
  }
}

// ELU against long double expm1l/expl, within the documented ulp bounds (simdact::max_ulp_error).
// Where e^x underflows T (x below log of half the smallest subnormal), backward only promises a
// result no larger than |dy * alpha| e^limit.
template <class T>
void check_element(const simdact::elu<T>& act, pass p, const std::string& op, std::size_t i,
                   std::size_t n, T a, T dy, T got) {
  using ld = long double;
  const T alpha = act.alpha;
  auto bad = [&](const std::string& why, ld want) {
    fail(element_report(op, i, n, a, dy, got) + " want " + describe(want) + ": " + why);
  };
  const simdact::ulp_bounds bound = simdact::max_ulp_error(act);
  auto within = [&](ld want, double most) {
    const ld error = ulp_error(got, want);
    if (error > most) {
      bad(std::to_string(static_cast<double>(error)) + " ulp > " + std::to_string(most), want);
    }
  };
  if (a > T(0)) { // positive side: exactly x, or exactly dy
    const T want = p == pass::forward ? a : dy;
    if (!same_value(got, want)) {
      bad("positive side must pass through exactly", want);
    }
    return;
  }
  switch (p) {
  case pass::forward:
    within(static_cast<ld>(alpha) * std::expm1(static_cast<ld>(a)), bound.forward);
    return;
  case pass::backward_from_output:
    within(static_cast<ld>(dy) * (static_cast<ld>(a) + static_cast<ld>(alpha)),
           bound.backward_from_output);
    return;
  case pass::backward: {
    const ld factor = static_cast<ld>(dy) * static_cast<ld>(alpha);
    const ld want = factor * std::exp(static_cast<ld>(a));
    // dy * alpha is formed in T first (as PyTorch does), so it may overflow where the exact
    // product times e^x would not; then an infinity of the right sign is accepted.
    const bool factor_overflows = std::fabs(factor) > std::numeric_limits<T>::max();
    const bool overflow_ok = factor_overflows && std::isinf(got) &&
                             std::signbit(got) == std::signbit(factor);
    if (std::isnan(a) || std::isnan(factor)) {
      if (!std::isnan(got)) {
        bad("NaN input must give NaN", want);
      }
      return;
    }
    static const ld limit = std::log(static_cast<ld>(std::numeric_limits<T>::denorm_min()) / 2);
    if (a >= limit) {
      if (!overflow_ok) {
        within(want, bound.backward);
      }
      return;
    }
    if (std::isinf(factor) || (factor_overflows && std::isnan(got))) {
      return; // infinity times an e^x that is 0 in T: NaN or infinity are both fair
    }
    // Accurate, or no larger than |dy alpha| e^limit rounded up to the next representable T.
    const T tiny = std::nextafter(static_cast<T>(std::fabs(factor) * std::exp(limit)),
                                  std::numeric_limits<T>::infinity());
    if (!overflow_ok && ulp_error(got, want) > bound.backward && !(std::fabs(got) <= tiny)) {
      bad("below the underflow limit the result must be accurate or at most |dy alpha| e^limit",
          want);
    }
    return;
  }
  }
}

template <class Act> struct element_type;
template <template <class> class A, class T> struct element_type<A<T>> {
  using type = T;
};

// One elementwise call (forward, backward or backward_from_output), checked in full.
template <class Act> void run_elementwise(byte_source& in, const Act& act, pass p) {
  using T = typename element_type<Act>::type;
  const call_shape shape = decode_shape(in);
  const std::size_t n = decode_length(in);
  const bool two_inputs = p != pass::forward;

  buffer<T> a = make_input<T>(in, n);
  buffer<T> b = make_input<T>(in, two_inputs ? n : 0);
  buffer<T> out = make_buffer<T>(in, n);
  // Keep the inputs: the call may overwrite them in place.
  const std::vector<T> av(a.data(), a.data() + n);
  const std::vector<T> bv(b.data(), b.data() + b.n);

  const int alias = two_inputs ? shape.alias : shape.alias % 2;
  buffer<T>* written = alias == 0 ? &out : alias == 1 ? &a : &b;
  T* out_ptr = written->data();
  const T* a_ptr = a.data();
  const T* b_ptr = b.data();
  // Pointer arguments in call order: (a, out) for forward, (a, b, out) otherwise.
  const int arity = two_inputs ? 3 : 2;
  const int null_arg = shape.null_arg < arity ? shape.null_arg : -1;
  if (null_arg == 0) {
    a_ptr = nullptr;
  } else if (null_arg == arity - 1) {
    out_ptr = nullptr;
  } else if (null_arg == 1) {
    b_ptr = nullptr;
  }
  std::size_t sizes[3] = {n, n, n};
  const bool shortened = shape.short_arg >= 0 && shape.short_arg < arity && shape.shortened_by <= n;
  if (shortened) {
    sizes[shape.short_arg] -= shape.shortened_by;
  }

  const bool expect_throw = shortened || (null_arg >= 0 && n > 0) ||
                            (p == pass::backward_from_output && !output_invertible(act));
  const std::string op = act_name(act) + " " + pass_name(p) +
                         (sizeof(T) == 4 ? " float" : " double") +
                         (shape.use_ranges ? " ranges" : " pointers") + " alias " +
                         std::to_string(alias);

  a.remember();
  b.remember();
  out.remember();
  bool threw = false;
  try {
    if (shape.use_ranges) {
      const view<const T> av_{a_ptr, sizes[0]};
      const view<const T> bv_{b_ptr, sizes[1]};
      view<T> ov{out_ptr, sizes[arity - 1]};
      if (p == pass::forward) {
        simdact::forward(act, av_, ov);
      } else if (p == pass::backward) {
        simdact::backward(act, av_, bv_, ov);
      } else {
        simdact::backward_from_output(act, av_, bv_, ov);
      }
    } else if (p == pass::forward) {
      simdact::forward(act, a_ptr, out_ptr, n);
    } else if (p == pass::backward) {
      simdact::backward(act, a_ptr, b_ptr, out_ptr, n);
    } else {
      simdact::backward_from_output(act, a_ptr, b_ptr, out_ptr, n);
    }
  } catch (const std::invalid_argument&) {
    threw = true;
  }
  if (threw != expect_throw) {
    fail(op + " n=" + std::to_string(n) + (threw ? " threw" : " did not throw") +
         " std::invalid_argument; expected the opposite");
  }
  if (threw) {
    if (!a.unchanged() || !b.unchanged() || !out.unchanged()) {
      fail(op + ": a throwing call changed memory");
    }
    return;
  }
  for (buffer<T>* buf : {&a, &b, &out}) {
    if (buf == written ? !buf->guards_unchanged() : !buf->unchanged()) {
      fail(op + " n=" + std::to_string(n) + ": wrote outside its output range");
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    const T x = av[i];
    const T dy = two_inputs ? bv[i] : T(0);
    const T got = written->data()[i];
    check_element(act, p, op, i, n, x, dy, got);
    // The element-level functor must give the same bits as the array kernel's lane.
    const T scalar = p == pass::forward    ? act(x)
                     : p == pass::backward ? act.backward(x, dy)
                                           : act.backward_from_output(x, dy);
    if (!same_value(scalar, got)) {
      fail(element_report(op, i, n, x, dy, got) + " but the element-level functor gives " +
           describe(scalar));
    }
  }
}

// ---- PReLU -------------------------------------------------------------------------------

bool checked_product(std::size_t a, std::size_t b, std::size_t& out) {
  if (a != 0 && b > std::numeric_limits<std::size_t>::max() / a) {
    return false;
  }
  out = a * b;
  return true;
}

// Whether {outer, channels, inner} describes exactly n elements, computed without overflow.
bool layout_describes(const simdact::channel_layout& l, std::size_t n) {
  if (l.channels == 0) {
    return false;
  }
  if (l.outer == 0 || l.inner == 0) {
    return n == 0;
  }
  std::size_t oc = 0;
  std::size_t all = 0;
  return checked_product(l.outer, l.channels, oc) && checked_product(oc, l.inner, all) && all == n;
}

// Shapes: NCHW-like runs along a channel, NHWC-like rows of channels (enough rows to cross the
// 64-row summing block), long runs crossing the 64-batch block, and hostile layouts (zero
// channels, products that overflow size_t, off-by-a-few n).
struct prelu_shape {
  simdact::channel_layout layout;
  std::size_t n;
  std::size_t channels_allocated;
};

prelu_shape decode_prelu_shape(byte_source& in) {
  prelu_shape s{};
  auto& l = s.layout;
  const std::uint8_t cls = in.byte();
  switch (cls % 4) {
  case 0:
    l = {1 + in.byte() % 4u, 1 + in.byte() % 8u, in.byte() % 41u};
    break;
  case 1:
    l = {in.byte() % 151u, 1 + in.byte() % 40u, 1};
    break;
  case 2:
    l = {1 + in.byte() % 2u, 1 + in.byte() % 3u, in.bits<std::uint16_t>() % 2100u};
    break;
  default: {
    constexpr std::size_t max = std::numeric_limits<std::size_t>::max();
    static constexpr std::size_t odd[] = {
        0, 1, 2, 3, 7, max, max / 2 + 1, std::size_t(1) << 32, (std::size_t(1) << 32) + 1};
    l = {odd[in.byte() % std::size(odd)], odd[in.byte() % std::size(odd)],
         odd[in.byte() % std::size(odd)]};
    break;
  }
  }
  std::size_t n = 0;
  std::size_t oc = 0;
  const bool fits = checked_product(l.outer, l.channels, oc) && checked_product(oc, l.inner, n);
  if (!fits || n > 20000) {
    n = in.byte() % 8u;
  }
  if ((cls & 0xF0) == 0x10) { // n off by a few
    const std::size_t delta = 1 + cls % 3u;
    n = (cls & 0x08) != 0 && n >= delta ? n - delta : n + delta;
  }
  // A valid layout for n == 0 may still have huge outer and channels (inner == 0); the caller
  // then really owes that many weights, and the kernels loop over them. Keep those small.
  if (layout_describes(l, n) && n == 0) {
    l.outer %= 8;
    l.channels = 1 + l.channels % 7;
  }
  s.n = n;
  s.channels_allocated = l.channels <= 4096 ? l.channels : 64;
  return s;
}

template <class T> void run_prelu(byte_source& in, bool is_backward) {
  using ld = long double;
  const call_shape shape = decode_shape(in);
  const prelu_shape ps = decode_prelu_shape(in);
  const std::size_t n = ps.n;
  const std::size_t channels = ps.channels_allocated;

  buffer<T> weight = make_buffer<T>(in, channels);
  for (std::size_t c = 0; c < channels; ++c) {
    weight.data()[c] = decode_param<T>(in);
  }
  buffer<T> x = make_input<T>(in, n);
  buffer<T> dy = make_input<T>(in, is_backward ? n : 0);
  buffer<T> out = make_buffer<T>(in, n);
  buffer<T> dweight = make_buffer<T>(in, is_backward ? channels : 0);
  const std::vector<T> xv(x.data(), x.data() + n);
  const std::vector<T> dyv(dy.data(), dy.data() + dy.n);
  const std::vector<T> wv(weight.data(), weight.data() + channels);

  const int alias = is_backward ? shape.alias : shape.alias % 2;
  buffer<T>* written = alias == 0 ? &out : alias == 1 ? &x : &dy;
  const bool dw_aliases_w = is_backward && shape.dweight_is_weight;
  buffer<T>* dw_written = dw_aliases_w ? &weight : &dweight;

  const T* x_ptr = x.data();
  const T* dy_ptr = dy.data();
  T* out_ptr = written->data();
  T* dw_ptr = is_backward ? dw_written->data() : nullptr;
  const T* w_ptr = weight.data();
  // Pointer arguments: (x, y, weight) forward, (x, dy, dx, dweight, weight) backward.
  const int arity = is_backward ? 5 : 3;
  const int null_arg = shape.null_arg < arity ? shape.null_arg : -1;
  const int weight_arg = arity - 1;
  if (null_arg == 0) {
    x_ptr = nullptr;
  } else if (null_arg == weight_arg) {
    w_ptr = nullptr;
  } else if (null_arg == (is_backward ? 2 : 1)) {
    out_ptr = nullptr;
  } else if (null_arg == 1) {
    dy_ptr = nullptr;
  } else if (null_arg == 3) {
    dw_ptr = nullptr;
  }
  // Range sizes: (x, y) forward, (x, dy, dx, dweight) backward.
  std::size_t sizes[4] = {n, n, n, ps.layout.channels};
  const int ranges = is_backward ? 4 : 2;
  const bool shortened = shape.use_ranges && shape.short_arg >= 0 && shape.short_arg < ranges &&
                         shape.shortened_by <= sizes[shape.short_arg];
  if (shortened) {
    sizes[shape.short_arg] -= shape.shortened_by;
  }
  const std::size_t call_n = shape.use_ranges ? sizes[0] : n;

  const simdact::prelu<T> act{w_ptr, ps.layout};
  bool expect_throw = shortened || !layout_describes(ps.layout, call_n) ||
                      (w_ptr == nullptr && call_n > 0);
  if (null_arg >= 0 && null_arg != weight_arg) { // data pointers
    expect_throw = expect_throw || call_n > 0;   // with n == 0 every pointer may be null
  }
  const std::string op =
      std::string("prelu ") + (is_backward ? "backward" : "forward") +
      (sizeof(T) == 4 ? " float" : " double") + (shape.use_ranges ? " ranges" : " pointers") +
      " layout {" + std::to_string(ps.layout.outer) + ", " + std::to_string(ps.layout.channels) +
      ", " + std::to_string(ps.layout.inner) + "} n=" + std::to_string(call_n) + " alias " +
      std::to_string(alias) + (dw_aliases_w ? " dweight=weight" : "");

  buffer<T>* all[] = {&weight, &x, &dy, &out, &dweight};
  for (buffer<T>* b : all) {
    b->remember();
  }
  bool threw = false;
  try {
    if (shape.use_ranges) {
      const view<const T> xr{x_ptr, sizes[0]};
      if (is_backward) {
        const view<const T> dyr{dy_ptr, sizes[1]};
        simdact::backward(act, xr, dyr, view<T>{out_ptr, sizes[2]}, view<T>{dw_ptr, sizes[3]});
      } else {
        simdact::forward(act, xr, view<T>{out_ptr, sizes[1]});
      }
    } else if (is_backward) {
      simdact::backward(act, x_ptr, dy_ptr, out_ptr, dw_ptr, n);
    } else {
      simdact::forward(act, x_ptr, out_ptr, n);
    }
  } catch (const std::invalid_argument&) {
    threw = true;
  }
  if (threw != expect_throw) {
    fail(op + (threw ? " threw" : " did not throw") +
         " std::invalid_argument; expected the opposite");
  }
  if (threw) {
    for (const buffer<T>* b : all) {
      if (!b->unchanged()) {
        fail(op + ": a throwing call changed memory");
      }
    }
    return;
  }
  for (const buffer<T>* b : all) {
    const bool is_output = b == written || (dw_ptr != nullptr && b == dw_written);
    if (is_output ? !b->guards_unchanged() : !b->unchanged()) {
      fail(op + ": wrote outside its output ranges");
    }
  }
  const std::size_t inner = ps.layout.inner;
  const std::size_t nch = ps.layout.channels;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t c = (i / inner) % nch;
    const T xi = xv[i];
    const T w = wv[c];
    const T got = written->data()[i];
    const T want = is_backward ? (xi > T(0) ? dyv[i] : dyv[i] * w) : (xi > T(0) ? xi : xi * w);
    if (!same_value(got, want)) {
      fail(op + " at i=" + std::to_string(i) + " (channel " + std::to_string(c) + "): x " +
           describe(xi) + " dy " + describe(is_backward ? dyv[i] : T(0)) + " weight " +
           describe(w) + " got " + describe(got) + " want " + describe(want));
    }
  }
  if (dw_ptr == nullptr) { // forward, or backward with n == 0 and no dweight
    return;
  }
  // dweight[c] = sum of x * dy over channel c where x <= 0 (or NaN), in long double.
  std::vector<ld> sum(nch, 0.0L);
  std::vector<ld> magnitude(nch, 0.0L);
  std::vector<std::size_t> count(nch, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (xv[i] > T(0)) {
      continue;
    }
    const std::size_t c = (i / inner) % nch;
    const ld term = static_cast<ld>(xv[i]) * static_cast<ld>(dyv[i]);
    sum[c] += term;
    magnitude[c] += std::fabs(term);
    ++count[c];
  }
  // simdact::dweight_error's bound, for channels of n / nch elements.
  for (std::size_t c = 0; c < nch; ++c) {
    const T got = dw_written->data()[c];
    const ld slack = simdact::dweight_error<T>(n / nch) * magnitude[c] +
                     static_cast<ld>(count[c] + 1) * std::numeric_limits<T>::denorm_min();
    const bool strict = magnitude[c] <= static_cast<ld>(std::numeric_limits<T>::max()) / 256;
    bool ok;
    if (std::isnan(sum[c])) {
      ok = std::isnan(got);
    } else if (std::isinf(sum[c])) { // an infinite input; overflow elsewhere may make it NaN
      ok = std::isnan(got) || static_cast<ld>(got) == sum[c];
    } else if (std::isfinite(got)) {
      ok = std::fabs(static_cast<ld>(got) - sum[c]) <= slack;
    } else {
      ok = !strict; // T's products or partial sums may overflow; the long double ones do not
    }
    if (!ok) {
      fail(op + ": dweight[" + std::to_string(c) + "] got " + describe(got) + " want " +
           describe(sum[c]) + " +- " + describe(slack) + " over " + std::to_string(count[c]) +
           " terms");
    }
  }
}

template <class T> void run(byte_source& in, std::uint8_t op) {
  switch (op % 11) {
  case 0:
  case 1:
  case 2:
    run_elementwise(in, simdact::relu<T>{}, static_cast<pass>(op % 3));
    return;
  case 3:
  case 4:
  case 5:
    run_elementwise(in, simdact::leaky_relu<T>{decode_param<T>(in)}, static_cast<pass>(op % 3));
    return;
  case 6:
  case 7:
  case 8:
    run_elementwise(in, simdact::elu<T>{decode_param<T>(in)}, static_cast<pass>(op % 3));
    return;
  case 9:
    run_prelu<T>(in, false);
    return;
  default:
    run_prelu<T>(in, true);
    return;
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  byte_source in(data, size);
  const std::uint8_t op = in.byte();
  if ((in.byte() & 1) != 0) {
    run<double>(in, op);
  } else {
    run<float>(in, op);
  }
  return 0;
}
