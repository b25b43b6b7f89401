#include "qr.hpp"

#include <fmt/core.h>
#include <qrencode.h>

#include <memory>

#include "balint/core/error.hpp"

namespace balint::pdf::detail {

FillRectsOp qr_code(std::string_view data, double x, double top, double size, Color color) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(static_cast<int>(data.size()),
                        reinterpret_cast<const unsigned char*>(data.data()), 0, QR_ECLEVEL_M),
      &QRcode_free);
  if (!code)
    throw core::DataError(fmt::format(
        "cannot make a QR code of {} bytes (at most 2,331 fit at error correction M)",
        data.size()));
  const int n = code->width;
  const double module = size / (n + 8);
  FillRectsOp op;
  op.color = color;
  for (int row = 0; row < n; ++row) {
    int col = 0;
    while (col < n) {
      if (!(code->data[row * n + col] & 1)) {
        ++col;
        continue;
      }
      int start = col;
      while (col < n && (code->data[row * n + col] & 1)) ++col;
      // Rows are drawn top-down; PDF y grows upwards.
      op.rects.push_back({x + (start + 4) * module, top - (row + 5) * module,
                          (col - start) * module, module});
    }
  }
  return op;
}

}  // namespace balint::pdf::detail
