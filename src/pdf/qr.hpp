#pragma once
// Private to pdf: a QR code as an image mask of its modules.
#include <string_view>

#include "display.hpp"

namespace balint::pdf::detail {

/// The QR code of `data` (byte mode, error correction M) with a quiet zone of four modules,
/// its top-left corner at (x, top) in PDF coordinates, `size` points square. DataError when
/// the data is too long for a QR code.
QrOp qr_code(std::string_view data, double x, double top, double size, Color color);

}  // namespace balint::pdf::detail
