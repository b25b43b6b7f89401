# Libraries that Debian ships without a CMake config or pkg-config file.
find_path(CSV_INCLUDE_DIR csv.h REQUIRED)
find_library(CSV_LIBRARY csv REQUIRED)
add_library(balint_csv INTERFACE IMPORTED)
set_target_properties(balint_csv PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${CSV_INCLUDE_DIR}"
  INTERFACE_LINK_LIBRARIES "${CSV_LIBRARY}")

