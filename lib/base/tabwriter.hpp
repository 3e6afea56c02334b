// Column alignment as Go's text/tabwriter does it, which kubectl uses for
// every table it prints (get: minwidth 6, tabwidth 4, padding 3; describe:
// minwidth 0, tabwidth 8, padding 2).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace podcore {

/// Collects lines whose cells are separated by '\t' and renders them
/// aligned. A cell is tab-terminated; the text after the last tab of a line
/// is not part of any column (Go's rule), so the last column is never padded.
/// Columns are sized per block of consecutive lines that have that column.
/// Widths count UTF-8 code points.
class TabWriter {
 public:
  TabWriter(size_t min_width, size_t padding) : min_width_(min_width), padding_(padding) {}

  /// kubectl get's settings.
  static TabWriter for_get() { return TabWriter(6, 3); }
  /// kubectl describe's settings.
  static TabWriter for_describe() { return TabWriter(0, 2); }

  /// Appends text; lines end at '\n' (a final unterminated line is kept
  /// until render()).
  void write(std::string_view text);

  /// The aligned text of everything written so far.
  [[nodiscard]] std::string render() const;

 private:
  size_t min_width_;
  size_t padding_;
  std::string text_;
};

}  // namespace podcore
