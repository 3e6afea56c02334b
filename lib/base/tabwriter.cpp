#include "base/tabwriter.hpp"

#include <algorithm>

namespace podcore {

namespace {

struct Line {
  std::vector<std::string> cells;  // tab-terminated cells
  std::string tail;                // text after the last tab
  bool newline = false;
};

size_t width_of(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace

void TabWriter::write(std::string_view text) {
  text_.append(text);
}

std::string TabWriter::render() const {
  std::vector<Line> lines;
  std::string_view rest = text_;
  while (!rest.empty()) {
    auto nl = rest.find('\n');
    std::string_view raw = rest.substr(0, nl);
    Line line;
    line.newline = nl != std::string_view::npos;
    rest = line.newline ? rest.substr(nl + 1) : std::string_view{};
    size_t start = 0;
    for (size_t tab; (tab = raw.find('\t', start)) != std::string_view::npos; start = tab + 1)
      line.cells.emplace_back(raw.substr(start, tab - start));
    line.tail = std::string(raw.substr(start));
    lines.push_back(std::move(line));
  }

  // widths[i][col]: the width column `col` has on line i (0 if none).
  std::vector<std::vector<size_t>> widths(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) widths[i].resize(lines[i].cells.size());
  size_t max_cols = 0;
  for (const auto& l : lines) max_cols = std::max(max_cols, l.cells.size());
  for (size_t col = 0; col < max_cols; ++col) {
    size_t i = 0;
    while (i < lines.size()) {
      if (lines[i].cells.size() <= col) {
        ++i;
        continue;
      }
      size_t j = i, width = min_width_;
      for (; j < lines.size() && lines[j].cells.size() > col; ++j)
        width = std::max(width, width_of(lines[j].cells[col]) + padding_);
      for (size_t k = i; k < j; ++k) widths[k][col] = width;
      i = j;
    }
  }

  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    for (size_t col = 0; col < l.cells.size(); ++col) {
      out += l.cells[col];
      out.append(widths[i][col] - width_of(l.cells[col]), ' ');
    }
    out += l.tail;
    if (l.newline) out += '\n';
  }
  return out;
}

}  // namespace podcore
