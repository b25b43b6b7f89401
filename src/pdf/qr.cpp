#include "qr.hpp"

#include <fmt/core.h>
#include <qrencode.h>

#include <memory>

#include "balint/core/error.hpp"

namespace balint::pdf::detail {

QrOp qr_code(std::string_view data, double x, double top, double size, Color color) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(static_cast<int>(data.size()),
                        reinterpret_cast<const unsigned char*>(data.data()), 0, QR_ECLEVEL_M),
      &QRcode_free);
  if (!code)
    throw core::DataError(
        fmt::format("cannot make a QR code of {} bytes (at most 2,331 fit at error correction M)",
                    data.size()));
  const int n = code->width;
  const double module = size / (n + 8);
  QrOp op;
  op.x = x + 4 * module;
  op.y = top - (n + 4) * module;
  op.size = n * module;
  op.n = n;
  op.color = color;
  // libqrencode: one byte a module, its lowest bit set for a dark one.
  op.dark.resize(static_cast<std::size_t>(n) * static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < op.dark.size(); ++i) op.dark[i] = code->data[i] & 1;
  return op;
}

}  // namespace balint::pdf::detail
