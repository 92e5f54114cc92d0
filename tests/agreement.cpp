// Cross-ISA agreement: every array function on a fixed set of 2^20 inputs per operation, float
// and double, generated from a counter alone so that every build and every machine sees the same
// ones. Run once per instruction set, each writing its outputs to a directory; then compare two
// directories (on any machine):
//
//   simdact_agreement_avx2 write out/avx2
//   qemu-aarch64 ... simdact_agreement_default write out/neon
//   simdact_agreement_avx2 compare out/avx2 out/neon --identical
//
// compare requires bit-identical outputs (any NaN equals any NaN; differing NaN payloads are
// counted and shown) for ReLU, Leaky ReLU, PReLU's outputs and input gradients, and ELU's
// backward_from_output. ELU's forward and backward may differ between builds that compute e^x
// differently (without FMA on SSE2, with scalef on AVX-512): each is within its accuracy bound of
// the exact value, so two differ by at most the sum of the bounds, plus one ulp where the exact
// value sits at a power of two. PReLU's dweight adds its terms in an order that depends on the
// lane count: two builds may differ within the error bound of that summation. --identical
// requires ELU to be bit-identical too. Exit status 1 when a requirement fails.

#include <simdact/simdact.hpp>

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace {

constexpr std::size_t count = std::size_t{1} << 20;
constexpr std::size_t channels = 64;

std::uint64_t mix(std::uint64_t z) { // splitmix64
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

template <class T> T from_bits(std::uint64_t r) {
  if constexpr (sizeof(T) == 4) {
    const auto bits = static_cast<std::uint32_t>(r >> 32);
    T v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  } else {
    T v;
    std::memcpy(&v, &r, sizeof v);
    return v;
  }
}

template <class T> std::vector<T> special_values() {
  using L = std::numeric_limits<T>;
  std::vector<T> v{T(0),     L::min(),      L::denorm_min(), L::min() / T(3),
                   L::max(), L::infinity(), L::quiet_NaN(),  L::epsilon(),
                   T(1),     T(0.5),        T(1e-30),        T(87.0),
                   T(88.8),  T(103.9),      T(104.5),        T(708.5),
                   T(745.2), T(800)};
  const std::size_t n = v.size();
  for (std::size_t i = 0; i < n; ++i) {
    v.push_back(-v[i]);
  }
  return v;
}

// Input i of a stream, uniform in [lo, hi). std::fma rounds once on every machine, where the
// plain lo + (hi - lo) * u is contracted into an FMA by some builds (g++ -mfma) only.
template <class T> T uniform(std::uint64_t stream, std::uint64_t i, double lo, double hi) {
  const std::uint64_t r = mix(mix(stream * count + i));
  return static_cast<T>(std::fma(hi - lo, static_cast<double>(r >> 11) * 0x1p-53, lo));
}

// Input i of a stream: 1/8 raw bit patterns (NaNs with payloads, infinities, subnormals), 1/8
// special values, 1/8 magnitudes over the whole exponent range, the rest uniform in [lo, hi).
template <class T> T input(std::uint64_t stream, std::uint64_t i, double lo, double hi) {
  const std::uint64_t r = mix(stream * count + i);
  const std::uint64_t s = mix(r);
  switch (r % 8) {
  case 0:
    return from_bits<T>(s);
  case 1: {
    static const std::vector<T> specials = special_values<T>();
    return specials[s % specials.size()];
  }
  case 2: {
    using L = std::numeric_limits<T>;
    const int span = L::max_exponent - (L::min_exponent - L::digits);
    const int exponent = static_cast<int>(s % static_cast<std::uint64_t>(span)) +
                         (L::min_exponent - L::digits);
    const double mantissa = 1.0 + static_cast<double>(s >> 11) * 0x1p-53;
    const T v = static_cast<T>(std::ldexp(static_cast<long double>(mantissa), exponent));
    return (r >> 8) % 2 ? -v : v;
  }
  default:
    return uniform<T>(stream, i, lo, hi);
  }
}

template <class T> struct inputs {
  std::vector<T> x, dy, finite_x, finite_dy;
  inputs() : x(count), dy(count), finite_x(count), finite_dy(count) {
    // The non-positive side down to where e^x underflows, and some of the positive side.
    const double lo = std::is_same_v<T, float> ? -110.0 : -760.0;
    for (std::size_t i = 0; i < count; ++i) {
      x[i] = input<T>(sizeof(T), i, lo, 20.0);
      dy[i] = input<T>(sizeof(T) + 16, i, -4.0, 4.0);
      // Uniform only, for dweight sums that stay finite.
      finite_x[i] = uniform<T>(sizeof(T) + 32, i, -8.0, 8.0);
      finite_dy[i] = uniform<T>(sizeof(T) + 48, i, -4.0, 4.0);
    }
  }
};

enum class rule { exact, elu, dweight };

template <class T> struct operation {
  std::string name;
  rule kind;
  int elu_bound; // ulp bound of each build against the exact value (rule::elu)
  std::function<void(const inputs<T>&, std::vector<T>&)> run;
  bool finite = false; // run on finite_x and finite_dy
  // For rule::dweight: the layout, to bound the summation error.
  simdact::channel_layout layout{};
};

template <class T> std::vector<T> slopes(bool shallow) {
  std::vector<T> w(channels);
  for (std::size_t c = 0; c < channels; ++c) {
    const T t = static_cast<T>(c) / T(channels);
    // Shallow: every slope in (0, 1], the max form; otherwise zero, negative and steep ones too.
    // (std::fma: the same slopes in every build; see uniform above.)
    w[c] = shallow ? std::fma(t, T(0.98), T(0.01)) : std::fma(t, T(2.5), T(-0.75));
  }
  if (!shallow) {
    w[0] = T(0);
  }
  return w;
}

template <class T> std::vector<operation<T>> operations() {
  std::vector<operation<T>> ops;
  auto exact = [&](std::string name, auto run) {
    ops.push_back({std::move(name), rule::exact, 0, run});
  };
  auto elementwise = [&](const std::string& name, const auto& act, bool from_output) {
    exact(name + ".forward",
          [act](const inputs<T>& in, std::vector<T>& out) { simdact::forward(act, in.x, out); });
    exact(name + ".backward", [act](const inputs<T>& in, std::vector<T>& out) {
      simdact::backward(act, in.x, in.dy, out);
    });
    if (from_output) { // any y: the formula is what is compared
      exact(name + ".backward_from_output", [act](const inputs<T>& in, std::vector<T>& out) {
        simdact::backward_from_output(act, in.x, in.dy, out);
      });
    }
  };
  elementwise("relu", simdact::relu<T>{}, true);
  elementwise("leaky_relu_0.01", simdact::leaky_relu<T>{T(0.01)}, true);
  elementwise("leaky_relu_1.5", simdact::leaky_relu<T>{T(1.5)}, true);
  elementwise("leaky_relu_-0.2", simdact::leaky_relu<T>{T(-0.2)}, false);

  for (const bool shallow : {true, false}) {
    for (const bool nchw : {true, false}) {
      const std::string name = std::string("prelu_") + (shallow ? "shallow" : "steep") +
                               (nchw ? ".nchw" : ".nhwc");
      const simdact::channel_layout layout =
          nchw ? simdact::channel_layout{16, channels, count / 16 / channels}
               : simdact::channel_layout{count / channels, channels, 1};
      exact(name + ".forward", [=](const inputs<T>& in, std::vector<T>& out) {
        const auto w = slopes<T>(shallow);
        simdact::forward(simdact::prelu<T>{w.data(), layout}, in.x, out);
      });
      for (const bool finite : {false, true}) {
        const std::string run = finite ? ".finite" : "";
        exact(name + run + ".backward", [=](const inputs<T>& in, std::vector<T>& out) {
          const auto w = slopes<T>(shallow);
          std::vector<T> dw(channels);
          simdact::backward(simdact::prelu<T>{w.data(), layout}, finite ? in.finite_x : in.x,
                            finite ? in.finite_dy : in.dy, out, dw);
        });
        ops.back().finite = finite;
        operation<T> dweight{name + run + ".dweight", rule::dweight, 0,
                             [=](const inputs<T>& in, std::vector<T>& out) {
                               const auto w = slopes<T>(shallow);
                               std::vector<T> dx(count);
                               out.resize(channels);
                               simdact::backward(simdact::prelu<T>{w.data(), layout},
                                                 finite ? in.finite_x : in.x,
                                                 finite ? in.finite_dy : in.dy, dx, out);
                             }};
        dweight.finite = finite;
        dweight.layout = layout;
        ops.push_back(dweight);
      }
    }
  }

  // ELU: PyTorch's default alpha (its own kernels), SELU's, and a small one. The bounds are the
  // documented ones (forward 1 ulp at alpha = 1, 2 otherwise; backward 3).
  for (const double alpha : {1.0, 1.6732632423543772, 0.1}) {
    const simdact::elu<T> act{static_cast<T>(alpha)};
    const std::string name = "elu_" + std::to_string(alpha).substr(0, 6);
    ops.push_back(
        {name + ".forward", rule::elu, alpha == 1.0 ? 1 : 2,
         [act](const inputs<T>& in, std::vector<T>& out) { simdact::forward(act, in.x, out); }});
    ops.push_back(
        {name + ".backward", rule::elu, 3, [act](const inputs<T>& in, std::vector<T>& out) {
           simdact::backward(act, in.x, in.dy, out);
         }});
    exact(name + ".backward_from_output", [act](const inputs<T>& in, std::vector<T>& out) {
      simdact::backward_from_output(act, in.x, in.dy, out);
    });
  }
  return ops;
}

template <class T> const char* type_name() { return sizeof(T) == 4 ? "float" : "double"; }

template <class T> std::string file_of(const std::string& dir, const operation<T>& op) {
  return dir + "/" + op.name + "." + type_name<T>() + ".bin";
}

template <class T> bool write_all(const std::string& dir) {
  const inputs<T> in;
  for (const auto& op : operations<T>()) {
    std::vector<T> out(count);
    op.run(in, out);
    std::ofstream file(file_of(dir, op), std::ios::binary);
    file.write(reinterpret_cast<const char*>(out.data()),
               static_cast<std::streamsize>(out.size() * sizeof(T)));
    if (!file) {
      std::fprintf(stderr, "cannot write %s\n", file_of(dir, op).c_str());
      return false;
    }
  }
  return true;
}

template <class T> std::vector<T> read_all(const std::string& path) {
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file) {
    return {};
  }
  std::vector<T> v(static_cast<std::size_t>(file.tellg()) / sizeof(T));
  file.seekg(0);
  file.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
  return v;
}

// Position of v among all values of T in order (-0 and +0 adjacent): the difference of two is
// their distance in ulps, across binades and signs.
template <class T> long long ordinal(T v) {
  using I = std::conditional_t<sizeof(T) == 4, std::int32_t, std::int64_t>;
  I bits;
  std::memcpy(&bits, &v, sizeof v);
  return bits < 0 ? -static_cast<long long>(bits & std::numeric_limits<I>::max()) - 1
                  : static_cast<long long>(bits);
}

template <class T> bool bitwise_equal(T a, T b) { return std::memcmp(&a, &b, sizeof(T)) == 0; }

// Sum over channel c of |x * dy| where x <= 0: the scale of dweight[c]'s rounding errors.
template <class T>
std::vector<long double> dweight_scales(const inputs<T>& in, const operation<T>& op) {
  const auto& x = op.finite ? in.finite_x : in.x;
  const auto& dy = op.finite ? in.finite_dy : in.dy;
  std::vector<long double> scale(channels, 0.0L);
  for (std::size_t i = 0; i < count; ++i) {
    if (x[i] <= T(0)) {
      scale[(i / op.layout.inner) % channels] += std::fabs(static_cast<long double>(x[i]) *
                                                           static_cast<long double>(dy[i]));
    }
  }
  return scale;
}

template <class T>
bool compare_all(const std::string& dir_a, const std::string& dir_b, bool identical) {
  const inputs<T> in;
  bool ok = true;
  for (const auto& op : operations<T>()) {
    const auto a = read_all<T>(file_of(dir_a, op));
    const auto b = read_all<T>(file_of(dir_b, op));
    const std::size_t expected = op.kind == rule::dweight ? channels : count;
    if (a.size() != expected || b.size() != expected) {
      std::printf("%-44s %-6s MISSING (%zu and %zu values, want %zu)\n", op.name.c_str(),
                  type_name<T>(), a.size(), b.size(), expected);
      ok = false;
      continue;
    }
    std::size_t differing = 0, payloads = 0;
    long double worst = 0; // ulps (long double: the distance between two doubles may not fit)
    long double worst_relative = 0; // dweight: |a - b| / (epsilon * scale)
    T worst_x = 0;
    const auto scales = op.kind == rule::dweight ? dweight_scales(in, op)
                                                 : std::vector<long double>{};
    for (std::size_t i = 0; i < expected; ++i) {
      if (bitwise_equal(a[i], b[i])) {
        continue;
      }
      if (std::isnan(a[i]) && std::isnan(b[i])) {
        ++payloads;
        continue;
      }
      ++differing;
      const long double distance = std::isnan(a[i]) || std::isnan(b[i])
                                       ? std::numeric_limits<long double>::infinity()
                                       : std::fabs(static_cast<long double>(ordinal(a[i])) -
                                                   static_cast<long double>(ordinal(b[i])));
      if (distance > worst) {
        worst = distance;
        worst_x = op.kind == rule::dweight ? T(i) : op.finite ? in.finite_x[i] : in.x[i];
      }
      if (op.kind == rule::dweight) {
        const long double relative =
            std::isfinite(scales[i]) && std::isfinite(a[i]) && std::isfinite(b[i])
                ? std::fabs(static_cast<long double>(a[i]) - static_cast<long double>(b[i])) /
                      (std::numeric_limits<T>::epsilon() * scales[i])
                : std::numeric_limits<long double>::infinity();
        worst_relative = std::max(worst_relative, relative);
      }
    }
    // Each build's dweight[c] rounds every term at most once per add of a per-lane float sum of
    // up to sum_block terms, a few more in the horizontal sum, and once into T.
    const long double dweight_bound =
        simdact::detail::prelu_tuning<T, xsimd::default_arch>::sum_block + 8;
    bool pass = differing == 0;
    std::string verdict = "identical";
    if (differing != 0) {
      if (op.kind == rule::elu && !identical) {
        pass = worst <= 2 * op.elu_bound + 1;
        verdict = "within " + std::to_string(2 * op.elu_bound + 1) + " ulp";
      } else if (op.kind == rule::dweight) {
        pass = worst_relative <= dweight_bound;
        verdict = "within " + std::to_string(static_cast<int>(dweight_bound)) + " eps * sum|x dy|";
      } else {
        verdict = "must be identical";
      }
      if (!pass) {
        verdict = "FAILED: " + verdict;
      }
    }
    std::printf("%-44s %-6s %8zu differ", op.name.c_str(), type_name<T>(), differing);
    if (differing != 0) {
      if (op.kind == rule::dweight) {
        std::printf(" (max %.2Lf eps * sum|x dy|)", worst_relative);
      } else {
        std::printf(" (max %.0Lf ulp at x = %.9g)", worst, static_cast<double>(worst_x));
      }
    }
    if (payloads != 0) {
      std::printf(", %zu NaN payloads differ", payloads);
    }
    std::printf(": %s\n", verdict.c_str());
    ok &= pass;
  }
  return ok;
}

} // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 2 && args[0] == "write") {
    std::printf(
        "simdact agreement: writing %zu outputs per operation to %s (%zu lanes per batch)\n", count,
        args[1].c_str(), simdact::detail::native_batch<float>::size);
    return write_all<float>(args[1]) && write_all<double>(args[1]) ? 0 : 1;
  }
  if ((args.size() == 3 || (args.size() == 4 && args[3] == "--identical")) &&
      args[0] == "compare") {
    const bool identical = args.size() == 4;
    std::printf("simdact agreement: %s against %s%s\n", args[1].c_str(), args[2].c_str(),
                identical ? ", every output but dweight bit-identical" : "");
    const bool ok_float = compare_all<float>(args[1], args[2], identical);
    const bool ok_double = compare_all<double>(args[1], args[2], identical);
    std::printf(ok_float && ok_double ? "agreement: PASSED\n" : "agreement: FAILED\n");
    return ok_float && ok_double ? 0 : 1;
  }
  std::fprintf(stderr, "usage: %s write DIR | compare DIR_A DIR_B [--identical]\n", argv[0]);
  return 2;
}
