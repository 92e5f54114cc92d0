// Plots every simdact activation and its derivative over [-4, 4] as two SVG files, with no
// plotting library: activations.svg (forward) and derivatives.svg (backward with dy = 1).
//
//   plot_activations <output directory>
//
// docs/activations.svg and docs/derivatives.svg in the repository are made by this program
// (cmake --build <build dir> --target simdact_update_plots). After writing, the program reads
// the files back, maps the plotted points back to data coordinates and checks them against the
// textbook formulas, so a wrong curve or a broken plot fails under ctest.

#include <simdact/simdact.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr float leaky_slope = 0.1f;  // larger than the default 0.01 so that it shows
constexpr float prelu_slope = 0.25f; // PyTorch's initial PReLU weight
constexpr float elu_alpha = 1.0f;

// 401 samples, x = -4, -3.98, ..., 4; x = 0 is sample 200 exactly.
std::vector<float> sample_points() {
  std::vector<float> x(401);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<float>((static_cast<double>(i) - 200.0) / 50.0);
  }
  return x;
}

struct Series {
  std::string id, label, color, dash;
  double width;
  std::vector<float> y;
  std::function<double(double)> expected; // the textbook formula, for the read-back check
};

struct Figure {
  std::string title, y_label, footnote;
  double y_min, y_max, y_step;
  std::vector<Series> series;
  std::string note; // said once where the curves lie on top of each other
  double note_x, note_y;
};

// ---- computing the curves with simdact ------------------------------------------------------

std::vector<Series> styles() {
  return {
      {"relu", "ReLU", "#1f77b4", "", 5.0, {}, {}},
      {"leaky_relu", "Leaky ReLU (negative_slope = 0.1)", "#ff7f0e", "9 5", 2.5, {}, {}},
      {"prelu", "PReLU (weight = 0.25)", "#2ca02c", "2 4", 2.5, {}, {}},
      {"elu", "ELU (alpha = 1)", "#d62728", "", 1.5, {}, {}},
  };
}

Figure activations(const std::vector<float>& x) {
  Figure f{"simdact activations",
           "f(x)",
           "",
           -1.5,
           4.5,
           1.0,
           styles(),
           "for x > 0 all four are f(x) = x",
           1.6,
           3.3};
  const std::size_t n = x.size();
  for (Series& s : f.series) {
    s.y.resize(n);
  }
  const float slope[] = {prelu_slope};
  simdact::forward(simdact::relu<float>{}, x, f.series[0].y);
  simdact::forward(simdact::leaky_relu<float>{leaky_slope}, x, f.series[1].y);
  simdact::forward(simdact::prelu<float>{slope, {1, 1, n}}, x, f.series[2].y);
  simdact::forward(simdact::elu<float>{elu_alpha}, x, f.series[3].y);

  f.series[0].expected = [](double v) { return std::max(v, 0.0); };
  f.series[1].expected = [](double v) { return v > 0 ? v : leaky_slope * v; };
  f.series[2].expected = [](double v) { return v > 0 ? v : prelu_slope * v; };
  f.series[3].expected = [](double v) { return v > 0 ? v : elu_alpha * std::expm1(v); };
  return f;
}

Figure derivatives(const std::vector<float>& x) {
  Figure f{
      "Derivatives: simdact::backward with dy = 1",
      "f'(x)",
      "\u25CF value at x = 0 (the negative side's, as in PyTorch); \u25CB limit from the right",
      -0.2,
      1.2,
      0.2,
      styles(),
      "for x > 0 all four are f'(x) = 1",
      2.0,
      1.07};
  const std::size_t n = x.size();
  for (Series& s : f.series) {
    s.y.resize(n);
  }
  const std::vector<float> dy(n, 1.0f);
  const float slope[] = {prelu_slope};
  float dslope[1];
  simdact::backward(simdact::relu<float>{}, x, dy, f.series[0].y);
  simdact::backward(simdact::leaky_relu<float>{leaky_slope}, x, dy, f.series[1].y);
  simdact::backward(simdact::prelu<float>{slope, {1, 1, n}}, x, dy, f.series[2].y, dslope);
  simdact::backward(simdact::elu<float>{elu_alpha}, x, dy, f.series[3].y);

  // Derivatives at x = 0 take the negative side, like simdact and PyTorch.
  f.series[0].expected = [](double v) { return v > 0 ? 1.0 : 0.0; };
  f.series[1].expected = [](double v) { return v > 0 ? 1.0 : leaky_slope; };
  f.series[2].expected = [](double v) { return v > 0 ? 1.0 : prelu_slope; };
  f.series[3].expected = [](double v) { return v > 0 ? 1.0 : elu_alpha * std::exp(v); };
  return f;
}

// ---- drawing --------------------------------------------------------------------------------

constexpr double canvas_width = 720, canvas_height = 450;
constexpr double left = 64, right = 20, top = 44, bottom = 64; // margins around the plot area
constexpr double x_min = -4, x_max = 4;

double to_px_x(double v) {
  return left + (v - x_min) / (x_max - x_min) * (canvas_width - left - right);
}
double to_px_y(const Figure& f, double v) {
  return top + (f.y_max - v) / (f.y_max - f.y_min) * (canvas_height - top - bottom);
}
double from_px_x(double px) {
  return x_min + (px - left) / (canvas_width - left - right) * (x_max - x_min);
}
double from_px_y(const Figure& f, double px) {
  return f.y_max - (px - top) / (canvas_height - top - bottom) * (f.y_max - f.y_min);
}

std::string number(double v, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  const std::string s = buffer;
  const bool negative_zero = s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos;
  return negative_zero ? s.substr(1) : s; // "-0.0" reads badly on an axis
}

std::string to_svg(const Figure& f, const std::vector<float>& x) {
  std::ostringstream out;
  const double x0 = to_px_x(x_min), x1 = to_px_x(x_max);
  const double y0 = to_px_y(f, f.y_min), y1 = to_px_y(f, f.y_max);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << canvas_width << "\" height=\""
      << canvas_height << "\" viewBox=\"0 0 " << canvas_width << ' ' << canvas_height
      << "\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"13\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << "<text x=\"" << (x0 + x1) / 2 << "\" y=\"26\" text-anchor=\"middle\" font-size=\"17\">"
      << f.title << "</text>\n";

  // Grid, the axes through the origin, and tick labels.
  const int decimals = f.y_step < 1 ? 1 : 0;
  out << "<g stroke=\"#e3e3e3\" stroke-width=\"1\">\n";
  for (int i = static_cast<int>(x_min); i <= static_cast<int>(x_max); ++i) {
    out << "<line x1=\"" << number(to_px_x(i), 1) << "\" y1=\"" << y1 << "\" x2=\""
        << number(to_px_x(i), 1) << "\" y2=\"" << y0 << "\"/>\n";
  }
  const int y_ticks = static_cast<int>(std::floor((f.y_max - f.y_min) / f.y_step + 1e-9));
  const double first_tick = std::ceil(f.y_min / f.y_step - 1e-9) * f.y_step;
  for (int k = 0; k <= y_ticks; ++k) {
    const double v = first_tick + k * f.y_step;
    if (v > f.y_max + 1e-9) {
      break;
    }
    out << "<line x1=\"" << x0 << "\" y1=\"" << number(to_px_y(f, v), 1) << "\" x2=\"" << x1
        << "\" y2=\"" << number(to_px_y(f, v), 1) << "\"/>\n";
  }
  out << "</g>\n<g stroke=\"#555\" stroke-width=\"1.2\">\n"
      << "<line x1=\"" << x0 << "\" y1=\"" << number(to_px_y(f, 0), 1) << "\" x2=\"" << x1
      << "\" y2=\"" << number(to_px_y(f, 0), 1) << "\"/>\n"
      << "<line x1=\"" << number(to_px_x(0), 1) << "\" y1=\"" << y1 << "\" x2=\""
      << number(to_px_x(0), 1) << "\" y2=\"" << y0 << "\"/>\n"
      << "</g>\n<rect x=\"" << x0 << "\" y=\"" << y1 << "\" width=\"" << x1 - x0 << "\" height=\""
      << y0 - y1 << "\" fill=\"none\" stroke=\"#555\"/>\n";

  out << "<g fill=\"#333\">\n";
  for (int i = static_cast<int>(x_min); i <= static_cast<int>(x_max); ++i) {
    out << "<text x=\"" << number(to_px_x(i), 1) << "\" y=\"" << y0 + 18
        << "\" text-anchor=\"middle\">" << i << "</text>\n";
  }
  for (int k = 0; k <= y_ticks; ++k) {
    const double v = first_tick + k * f.y_step;
    if (v > f.y_max + 1e-9) {
      break;
    }
    out << "<text x=\"" << x0 - 8 << "\" y=\"" << number(to_px_y(f, v) + 4.5, 1)
        << "\" text-anchor=\"end\">" << number(v, decimals) << "</text>\n";
  }
  out << "<text x=\"" << (x0 + x1) / 2 << "\" y=\"" << y0 + 40
      << "\" text-anchor=\"middle\" font-style=\"italic\" font-size=\"15\">x</text>\n"
      << "<text transform=\"translate(18 " << (y0 + y1) / 2
      << ") rotate(-90)\" text-anchor=\"middle\" font-style=\"italic\" font-size=\"15\">"
      << f.y_label << "</text>\n</g>\n";

  // The curves, broken where they jump (the derivatives at 0) so no false vertical line shows.
  const double jump = 0.1 * (f.y_max - f.y_min);
  for (const Series& s : f.series) {
    std::vector<std::pair<std::size_t, std::size_t>> pieces; // [begin, end)
    std::size_t begin = 0;
    for (std::size_t i = 1; i <= x.size(); ++i) {
      if (i == x.size() || std::fabs(s.y[i] - s.y[i - 1]) > jump) {
        pieces.emplace_back(begin, i);
        begin = i;
      }
    }
    for (const auto& [b, e] : pieces) {
      out << "<polyline class=\"" << s.id << "\" fill=\"none\" stroke=\"" << s.color
          << "\" stroke-width=\"" << s.width << "\" stroke-linejoin=\"round\"";
      if (!s.dash.empty()) {
        out << " stroke-dasharray=\"" << s.dash << '"';
      }
      out << " points=\"";
      for (std::size_t i = b; i < e; ++i) {
        out << (i == b ? "" : " ") << number(to_px_x(x[i]), 2) << ','
            << number(to_px_y(f, s.y[i]), 2);
      }
      out << "\"/>\n";
    }
    // At a jump: a dot on the value taken at the jump, a ring on the other side's limit.
    for (std::size_t k = 1; k < pieces.size(); ++k) {
      const std::size_t i = pieces[k].first;
      out << "<circle cx=\"" << number(to_px_x(x[i - 1]), 2) << "\" cy=\""
          << number(to_px_y(f, s.y[i - 1]), 2) << "\" r=\"4\" fill=\"" << s.color << "\"/>\n"
          << "<circle cx=\"" << number(to_px_x(x[i - 1]), 2) << "\" cy=\""
          << number(to_px_y(f, s.y[i]), 2) << "\" r=\"4\" fill=\"white\" stroke=\"" << s.color
          << "\" stroke-width=\"1.5\"/>\n";
    }
  }

  // Legend in the top-left corner, which every curve leaves empty.
  const double lx = x0 + 14, ly = y1 + 14, row = 22;
  out << "<rect x=\"" << lx << "\" y=\"" << ly << "\" width=\"270\" height=\""
      << row * static_cast<double>(f.series.size()) + 10
      << "\" fill=\"white\" fill-opacity=\"0.9\" stroke=\"#bbb\"/>\n";
  for (std::size_t k = 0; k < f.series.size(); ++k) {
    const Series& s = f.series[k];
    const double cy = ly + 16 + row * static_cast<double>(k);
    out << "<line x1=\"" << lx + 10 << "\" y1=\"" << cy << "\" x2=\"" << lx + 44 << "\" y2=\"" << cy
        << "\" stroke=\"" << s.color << "\" stroke-width=\"" << std::max(s.width, 2.5) << '"';
    if (!s.dash.empty()) {
      out << " stroke-dasharray=\"" << s.dash << '"';
    }
    out << "/>\n<text x=\"" << lx + 54 << "\" y=\"" << cy + 4.5 << "\">" << s.label << "</text>\n";
  }
  out << "<text x=\"" << number(to_px_x(f.note_x), 1) << "\" y=\""
      << number(to_px_y(f, f.note_y), 1) << "\" text-anchor=\"middle\" fill=\"#333\">" << f.note
      << "</text>\n";
  if (!f.footnote.empty()) {
    out << "<text x=\"" << x1 << "\" y=\"" << canvas_height - 8
        << "\" text-anchor=\"end\" font-size=\"12\" fill=\"#555\">" << f.footnote << "</text>\n";
  }
  out << "</svg>\n";
  return out.str();
}

// ---- checking what was written ----------------------------------------------------------------

int failures = 0;

void fail(const std::string& what) {
  std::fprintf(stderr, "plot_activations: %s\n", what.c_str());
  ++failures;
}

// Reads the file back, finds every polyline of every series, maps each point back to data
// coordinates and compares it with the formula. Returns the number of points checked.
std::size_t check_file(const std::filesystem::path& path, const Figure& f) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string svg = buffer.str();
  if (svg.rfind("<?xml", 0) != 0 || svg.find("</svg>") == std::string::npos) {
    fail(path.string() + " is not a complete SVG file");
    return 0;
  }
  for (const char* text : {"<text", "stroke-dasharray", f.title.c_str(), f.y_label.c_str()}) {
    if (svg.find(text) == std::string::npos) {
      fail(path.string() + " lacks \"" + text + "\"");
    }
  }
  // Half a pixel of the y scale, plus the 0.01 px rounding of the coordinates.
  const double tolerance = 0.5 * (f.y_max - f.y_min) / (canvas_height - top - bottom);
  std::size_t checked = 0;
  for (const Series& s : f.series) {
    if (svg.find(">" + s.label + "<") == std::string::npos) {
      fail(path.string() + ": no legend entry for " + s.label);
    }
    std::size_t pieces = 0, points = 0;
    const std::string tag = "<polyline class=\"" + s.id + "\"";
    for (std::size_t at = svg.find(tag); at != std::string::npos; at = svg.find(tag, at + 1)) {
      ++pieces;
      const std::size_t open = svg.find("points=\"", at) + 8;
      std::istringstream coordinates(svg.substr(open, svg.find('"', open) - open));
      double px = 0, py = 0;
      char comma = 0;
      while (coordinates >> px >> comma >> py) {
        ++points;
        const double v = from_px_x(px), got = from_px_y(f, py);
        const double want = s.expected(v);
        if (!(std::fabs(got - want) <= tolerance)) {
          fail(path.string() + ": " + s.id + " plotted at (" + number(v, 4) + ", " +
               number(got, 4) + "), formula gives " + number(want, 4));
          break;
        }
      }
    }
    if (points != sample_points().size()) {
      fail(path.string() + ": " + s.id + " has " + std::to_string(points) + " points in " +
           std::to_string(pieces) + " pieces, expected " + std::to_string(sample_points().size()));
    }
    checked += points;
  }
  return checked;
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <output directory>\n", argv[0]);
    return EXIT_FAILURE;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);

  const std::vector<float> x = sample_points();
  const Figure figures[] = {activations(x), derivatives(x)};
  const char* names[] = {"activations.svg", "derivatives.svg"};
  for (int k = 0; k < 2; ++k) {
    const std::filesystem::path path = dir / names[k];
    std::ofstream(path, std::ios::binary) << to_svg(figures[k], x);
    const std::size_t checked = check_file(path, figures[k]);
    std::printf("wrote %s (%zu plotted points checked against the formulas)\n",
                path.string().c_str(), checked);
  }
  if (failures != 0) {
    std::fprintf(stderr, "plot_activations: %d problem(s)\n", failures);
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}
