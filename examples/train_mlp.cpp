// A small neural network trained with nothing but simdact and standard C++.
//
// A multilayer perceptron 2 -> 64 -> 64 -> 3 learns to tell three interleaved spirals apart,
// once with each hidden activation: ReLU, Leaky ReLU, PReLU (whose per-channel slopes are
// learned from backward's dweight) and ELU. Every run starts from the same weights and sees the
// same mini-batches, so the final table compares the activations and nothing else.
//
// The layers are written the way a framework writes them: forward keeps what backward needs,
// backward turns the gradient of the loss with respect to the output into the gradient with
// respect to the input and the parameters. Lift them as they are.
//
// Exits non-zero if any run ends below 95% training accuracy.

#include <simdact/simdact.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <type_traits>
#include <vector>

namespace {

// ---- numbers ------------------------------------------------------------------------------

// std::*_distribution may differ between standard libraries; these do not, so the dataset, the
// initial weights and the results are the same everywhere.
class Random {
public:
  explicit Random(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() noexcept { // splitmix64
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; } // [0, 1)
  double normal() noexcept {                                                          // Box-Muller
    const double u = 1.0 - uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * uniform());
  }
  std::size_t below(std::size_t n) noexcept {
    return static_cast<std::size_t>(uniform() * static_cast<double>(n));
  }

private:
  std::uint64_t state_;
};

// A batch of rows, row-major: rows = samples, cols = features.
struct Matrix {
  std::size_t rows = 0, cols = 0;
  std::vector<float> data;

  void resize(std::size_t r, std::size_t c) {
    rows = r;
    cols = c;
    data.resize(r * c);
  }
  float* row(std::size_t r) { return data.data() + r * cols; }
  const float* row(std::size_t r) const { return data.data() + r * cols; }
};

// A trainable tensor with its gradient and Adam's running moments.
struct Parameter {
  std::vector<float> value, grad, m, v;

  explicit Parameter(std::size_t n, float init = 0.0f)
      : value(n, init), grad(n, 0.0f), m(n, 0.0f), v(n, 0.0f) {}
};

class Adam {
public:
  explicit Adam(float learning_rate) : lr_(learning_rate) {}

  void step(const std::vector<Parameter*>& parameters) {
    ++t_;
    const float correction1 = 1.0f - std::pow(beta1_, static_cast<float>(t_));
    const float correction2 = 1.0f - std::pow(beta2_, static_cast<float>(t_));
    for (Parameter* p : parameters) {
      for (std::size_t i = 0; i < p->value.size(); ++i) {
        const float g = p->grad[i];
        p->m[i] = beta1_ * p->m[i] + (1.0f - beta1_) * g;
        p->v[i] = beta2_ * p->v[i] + (1.0f - beta2_) * g * g;
        const float m_hat = p->m[i] / correction1;
        const float v_hat = p->v[i] / correction2;
        p->value[i] -= lr_ * m_hat / (std::sqrt(v_hat) + epsilon_);
      }
    }
  }

private:
  float lr_;
  float beta1_ = 0.9f, beta2_ = 0.999f, epsilon_ = 1e-8f;
  int t_ = 0;
};

// ---- layers -------------------------------------------------------------------------------

// y = x W + b. W is stored inputs x outputs so that the inner loops run along contiguous rows
// (the compiler vectorizes them).
class Dense {
public:
  Dense(std::size_t inputs, std::size_t outputs, Random& rng)
      : inputs_(inputs), outputs_(outputs), weight(inputs * outputs), bias(outputs) {
    // He initialization: keeps the activations' scale through ReLU-like layers.
    const double stddev = std::sqrt(2.0 / static_cast<double>(inputs));
    for (float& w : weight.value) {
      w = static_cast<float>(stddev * rng.normal());
    }
  }

  void forward(const Matrix& x, Matrix& y) {
    input_ = &x; // backward needs x for the weight gradient
    y.resize(x.rows, outputs_);
    for (std::size_t n = 0; n < x.rows; ++n) {
      const float* xr = x.row(n);
      float* yr = y.row(n);
      std::copy(bias.value.begin(), bias.value.end(), yr);
      for (std::size_t i = 0; i < inputs_; ++i) {
        const float xi = xr[i];
        const float* w = &weight.value[i * outputs_];
        for (std::size_t o = 0; o < outputs_; ++o) {
          yr[o] += xi * w[o];
        }
      }
    }
  }

  // dW = x^T dy, db = column sums of dy, dx = dy W^T (skipped for the first layer).
  void backward(const Matrix& dy, Matrix* dx) {
    const Matrix& x = *input_;
    std::fill(weight.grad.begin(), weight.grad.end(), 0.0f);
    std::fill(bias.grad.begin(), bias.grad.end(), 0.0f);
    for (std::size_t n = 0; n < x.rows; ++n) {
      const float* xr = x.row(n);
      const float* dyr = dy.row(n);
      for (std::size_t i = 0; i < inputs_; ++i) {
        const float xi = xr[i];
        float* g = &weight.grad[i * outputs_];
        for (std::size_t o = 0; o < outputs_; ++o) {
          g[o] += xi * dyr[o];
        }
      }
      for (std::size_t o = 0; o < outputs_; ++o) {
        bias.grad[o] += dyr[o];
      }
    }
    if (dx == nullptr) {
      return;
    }
    dx->resize(x.rows, inputs_);
    for (std::size_t n = 0; n < x.rows; ++n) {
      const float* dyr = dy.row(n);
      float* dxr = dx->row(n);
      for (std::size_t i = 0; i < inputs_; ++i) {
        const float* w = &weight.value[i * outputs_];
        float sum = 0.0f;
        for (std::size_t o = 0; o < outputs_; ++o) {
          sum += w[o] * dyr[o];
        }
        dxr[i] = sum;
      }
    }
  }

  std::vector<Parameter*> parameters() { return {&weight, &bias}; }

private:
  std::size_t inputs_, outputs_;
  const Matrix* input_ = nullptr;

public:
  Parameter weight, bias;
};

// ReLU, Leaky ReLU and ELU as layers. They work in place, and since their derivative can be
// recovered from their output, backward_from_output needs nothing but the output, which the
// next layer keeps anyway: no copy of the pre-activation is stored.
template <class Act> class Activation {
public:
  explicit Activation(Act act) : act_(act) {}

  void forward(Matrix& h) { // h := act(h)
    simdact::forward(act_, h.data, h.data);
    output_ = &h;
  }

  void backward(Matrix& grad) { // grad := grad * act'(x), from y = act(x)
    simdact::backward_from_output(act_, output_->data, grad.data, grad.data);
  }

  std::vector<Parameter*> parameters() { return {}; }

private:
  Act act_;
  const Matrix* output_ = nullptr;
};

// PReLU with one learned slope per channel (feature). Its slope gradient needs the input, so
// forward keeps a copy of it. The rows are samples and the columns channels: layout
// {outer = batch, channels, inner = 1}.
class PRelu {
public:
  PRelu(std::size_t channels, float initial_slope) : slope(channels, initial_slope) {}

  void forward(Matrix& h) {
    input_ = h;
    simdact::forward(activation(h.rows), input_.data, h.data);
  }

  void backward(Matrix& grad) { // also writes d(loss)/d(slope) into slope.grad
    simdact::backward(activation(grad.rows), input_.data, grad.data, grad.data, slope.grad);
  }

  std::vector<Parameter*> parameters() { return {&slope}; }

  Parameter slope;

private:
  simdact::prelu<float> activation(std::size_t batch) const {
    return {slope.value.data(), {batch, slope.value.size(), 1}};
  }
  Matrix input_;
};

// Mean cross-entropy of softmax(logits) against the labels. Writes d(loss)/d(logits) into grad
// and the number of correctly classified rows into correct.
float softmax_cross_entropy(const Matrix& logits, const std::vector<int>& labels, Matrix& grad,
                            std::size_t& correct) {
  grad.resize(logits.rows, logits.cols);
  double loss = 0.0;
  correct = 0;
  const float inv_batch = 1.0f / static_cast<float>(logits.rows);
  for (std::size_t n = 0; n < logits.rows; ++n) {
    const float* z = logits.row(n);
    float* g = grad.row(n);
    const std::size_t best = static_cast<std::size_t>(std::max_element(z, z + logits.cols) - z);
    correct += best == static_cast<std::size_t>(labels[n]) ? 1 : 0;
    float sum = 0.0f;
    for (std::size_t c = 0; c < logits.cols; ++c) { // shifted by the max: no overflow
      g[c] = std::exp(z[c] - z[best]);
      sum += g[c];
    }
    const auto label = static_cast<std::size_t>(labels[n]);
    loss += -std::log(static_cast<double>(g[label] / sum));
    for (std::size_t c = 0; c < logits.cols; ++c) {
      g[c] = (g[c] / sum - (c == label ? 1.0f : 0.0f)) * inv_batch;
    }
  }
  return static_cast<float>(loss / static_cast<double>(logits.rows));
}

// ---- the network --------------------------------------------------------------------------

template <class Hidden> class Mlp {
public:
  Mlp(std::size_t inputs, std::size_t width, std::size_t classes, Hidden hidden, Random& rng)
      : fc1_(inputs, width, rng), fc2_(width, width, rng), fc3_(width, classes, rng), act1_(hidden),
        act2_(hidden) {}

  const Matrix& forward(const Matrix& x) {
    fc1_.forward(x, h1_);
    act1_.forward(h1_);
    fc2_.forward(h1_, h2_);
    act2_.forward(h2_);
    fc3_.forward(h2_, logits_);
    return logits_;
  }

  void backward(const Matrix& dlogits) {
    fc3_.backward(dlogits, &dh2_);
    act2_.backward(dh2_);
    fc2_.backward(dh2_, &dh1_);
    act1_.backward(dh1_);
    fc1_.backward(dh1_, nullptr);
  }

  std::vector<Parameter*> parameters() {
    std::vector<Parameter*> all;
    for (const auto& layer : {fc1_.parameters(), act1_.parameters(), fc2_.parameters(),
                              act2_.parameters(), fc3_.parameters()}) {
      all.insert(all.end(), layer.begin(), layer.end());
    }
    return all;
  }

  Hidden& hidden(int layer) { return layer == 1 ? act1_ : act2_; }

  // Which hidden units were on their positive side in the last forward (y > 0 exactly where
  // x > 0 for every activation here while the PReLU slopes are positive).
  std::vector<bool> branches() const {
    std::vector<bool> positive;
    for (const Matrix* h : {&h1_, &h2_}) {
      for (const float v : h->data) {
        positive.push_back(v > 0.0f);
      }
    }
    return positive;
  }

private:
  Dense fc1_, fc2_, fc3_;
  Hidden act1_, act2_;
  Matrix h1_, h2_, logits_, dh1_, dh2_;
};

// ---- data and training --------------------------------------------------------------------

constexpr std::size_t classes = 3;
constexpr std::size_t points_per_class = 200;
constexpr std::size_t width = 64;
constexpr std::size_t batch_size = 32;
constexpr int epochs = 50;
constexpr float learning_rate = 0.01f;
std::uint64_t seed = 2024; // --seed N changes it
constexpr double required_accuracy = 0.95;

struct Dataset {
  Matrix x;
  std::vector<int> labels;
};

// Three spirals, each turning 1.25 times around the origin, with a little angular noise.
Dataset make_spirals(Random& rng) {
  Dataset d;
  d.x.resize(classes * points_per_class, 2);
  d.labels.resize(classes * points_per_class);
  const double pi = 3.141592653589793;
  for (std::size_t k = 0; k < classes; ++k) {
    for (std::size_t i = 0; i < points_per_class; ++i) {
      const std::size_t n = k * points_per_class + i;
      const double t = static_cast<double>(i) / static_cast<double>(points_per_class - 1);
      const double radius = 0.1 + 0.9 * t;
      const double angle = 2.0 * pi * static_cast<double>(k) / static_cast<double>(classes) +
                           2.5 * pi * t + 0.15 * rng.normal();
      d.x.row(n)[0] = static_cast<float>(radius * std::cos(angle));
      d.x.row(n)[1] = static_cast<float>(radius * std::sin(angle));
      d.labels[n] = static_cast<int>(k);
    }
  }
  return d;
}

struct Result {
  std::string name;
  float loss = 0;
  double accuracy = 0;
  int epochs_to_target = -1; // first epoch at or above the required accuracy
  double milliseconds = 0;
  int gradient_mismatches = 0;
};

// Compares backpropagation with central differences of the loss on a few samples (the weights'
// gradients pass through the activations' backward, so this checks them too). A difference
// across a kink (some unit changes branch between +h and -h) says nothing, so it is skipped.
struct GradientCheck {
  int compared = 0, skipped = 0, mismatches = 0;
};

template <class Hidden> GradientCheck check_gradients(Mlp<Hidden>& net, const Dataset& data) {
  constexpr std::size_t samples = 16;
  Matrix x, dlogits;
  x.resize(samples, 2);
  std::vector<int> labels(samples);
  for (std::size_t r = 0; r < samples; ++r) { // spread over all three classes
    const std::size_t n = r * (data.labels.size() / samples);
    std::copy(data.x.row(n), data.x.row(n) + 2, x.row(r));
    labels[r] = data.labels[n];
  }
  std::size_t correct = 0;
  auto loss = [&] { return softmax_cross_entropy(net.forward(x), labels, dlogits, correct); };
  loss();
  net.backward(dlogits);

  Random pick(seed + 1);
  const float h = 1e-3f;
  GradientCheck result;
  for (Parameter* p : net.parameters()) {
    // Every entry of the small parameters (biases, PReLU slopes), 16 of each weight matrix.
    const bool all = p->value.size() <= width;
    for (std::size_t k = 0; k < (all ? p->value.size() : 16); ++k) {
      const std::size_t i = all ? k : pick.below(p->value.size());
      const float saved = p->value[i];
      p->value[i] = saved + h;
      const double up = loss();
      const std::vector<bool> branches_up = net.branches();
      p->value[i] = saved - h;
      const double down = loss();
      p->value[i] = saved;
      if (net.branches() != branches_up) {
        ++result.skipped;
        continue;
      }
      ++result.compared;
      const double numeric = (up - down) / (2.0 * static_cast<double>(h));
      const double analytic = p->grad[i];
      if (std::fabs(numeric - analytic) > 1e-3 + 0.05 * std::fabs(analytic)) {
        std::fprintf(stderr, "gradient mismatch: backprop %.6g, finite difference %.6g\n", analytic,
                     numeric);
        ++result.mismatches;
      }
    }
  }
  return result;
}

template <class Hidden> Result train(const std::string& name, Hidden hidden, const Dataset& data) {
  using clock = std::chrono::steady_clock;
  Random rng(seed); // the same initial weights and mini-batch order for every activation
  Mlp<Hidden> net(2, width, classes, hidden, rng);
  Adam optimizer(learning_rate);
  const std::vector<Parameter*> parameters = net.parameters();

  Result result;
  result.name = name;
  const GradientCheck check = check_gradients(net, data);
  result.gradient_mismatches = check.mismatches;
  std::printf(
      "%-10s gradient check: %d of %d entries match finite differences (%d skipped: kink)\n",
      name.c_str(), check.compared - check.mismatches, check.compared, check.skipped);

  const std::size_t count = data.labels.size();
  std::vector<std::size_t> order(count);
  for (std::size_t i = 0; i < count; ++i) {
    order[i] = i;
  }
  Matrix x, dlogits;
  std::vector<int> labels;
  std::size_t correct = 0;

  const auto start = clock::now();
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    for (std::size_t i = count - 1; i > 0; --i) { // Fisher-Yates shuffle
      std::swap(order[i], order[rng.below(i + 1)]);
    }
    for (std::size_t first = 0; first < count; first += batch_size) {
      const std::size_t rows = std::min(batch_size, count - first);
      x.resize(rows, 2);
      labels.resize(rows);
      for (std::size_t r = 0; r < rows; ++r) {
        std::copy(data.x.row(order[first + r]), data.x.row(order[first + r]) + 2, x.row(r));
        labels[r] = data.labels[order[first + r]];
      }
      softmax_cross_entropy(net.forward(x), labels, dlogits, correct);
      net.backward(dlogits);
      optimizer.step(parameters);
    }

    // Loss and accuracy over the whole training set with this epoch's weights.
    result.loss = softmax_cross_entropy(net.forward(data.x), data.labels, dlogits, correct);
    result.accuracy = static_cast<double>(correct) / static_cast<double>(count);
    result.milliseconds = std::chrono::duration<double, std::milli>(clock::now() - start).count();
    if (result.epochs_to_target < 0 && result.accuracy >= required_accuracy) {
      result.epochs_to_target = epoch;
    }
    std::printf("%-10s epoch %2d  loss %.4f  acc %5.1f%%  %6.1f ms\n", name.c_str(), epoch,
                static_cast<double>(result.loss), 100.0 * result.accuracy, result.milliseconds);
  }

  if constexpr (std::is_same_v<Hidden, PRelu>) {
    for (int layer = 1; layer <= 2; ++layer) {
      const std::vector<float>& s = net.hidden(layer).slope.value;
      const auto [lo, hi] = std::minmax_element(s.begin(), s.end());
      double mean = 0;
      for (float v : s) {
        mean += static_cast<double>(v) / static_cast<double>(s.size());
      }
      std::printf("prelu      layer %d slopes learned from 0.25: mean %.3f, min %.3f, max %.3f\n",
                  layer, mean, static_cast<double>(*lo), static_cast<double>(*hi));
    }
  }
  return result;
}

} // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--seed") {
    seed = std::strtoull(argv[2], nullptr, 10);
  } else if (argc != 1) {
    std::fprintf(stderr, "usage: %s [--seed N]\n", argv[0]);
    return EXIT_FAILURE;
  }
  Random data_rng(seed);
  const Dataset data = make_spirals(data_rng);
  std::printf(
      "three spirals, %zu points; MLP 2-%zu-%zu-%zu; Adam lr %g, batch %zu, %d epochs, seed %llu\n",
      data.labels.size(), width, width, classes, static_cast<double>(learning_rate), batch_size,
      epochs, static_cast<unsigned long long>(seed));

  std::vector<Result> results;
  results.push_back(train("relu", Activation(simdact::relu<float>{}), data));
  results.push_back(train("leaky_relu", Activation(simdact::leaky_relu<float>{0.01f}), data));
  results.push_back(train("prelu", PRelu(width, 0.25f), data));
  results.push_back(train("elu", Activation(simdact::elu<float>{1.0f}), data));

  std::printf("\n| activation | final loss | train accuracy | epochs to %.0f%% | time (ms) |\n",
              100.0 * required_accuracy);
  std::printf("|------------|-----------:|---------------:|--------------:|----------:|\n");
  int failed = 0;
  for (const Result& r : results) {
    const std::string reached = r.epochs_to_target < 0 ? "never"
                                                       : std::to_string(r.epochs_to_target);
    std::printf("| %-10s | %10.4f | %13.1f%% | %13s | %9.0f |\n", r.name.c_str(),
                static_cast<double>(r.loss), 100.0 * r.accuracy, reached.c_str(), r.milliseconds);
    if (r.accuracy < required_accuracy || r.gradient_mismatches != 0) {
      ++failed;
    }
  }
  if (failed != 0) {
    std::fprintf(stderr,
                 "train_mlp: %d run(s) ended below %.0f%% training accuracy or failed the "
                 "gradient check\n",
                 failed, 100.0 * required_accuracy);
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}
