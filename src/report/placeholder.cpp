// placeholder until the module lands
namespace balint {} // NOLINT
