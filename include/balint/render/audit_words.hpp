#pragma once
// The words and numbers of the audit outputs, shared by the text, CSV, JSON and PDF layouts.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "balint/core/date.hpp"
#include "balint/core/quantity.hpp"
#include "balint/report/audit.hpp"

namespace balint::render {

/// A value as a plain number: counts whole ("24"), hours and credits with two decimals
/// ("31.50"), fractions as such ("0.55").
std::string audit_number(core::Centi v, report::Unit u, bool share);

/// A cell of the people table: "✓ 24", "✗ 14/20", "✗" (nothing to count), "waived", "–"
/// (not applicable).
std::string audit_cell(const report::AuditCell& c);

/// The essential requirements not met, with what each still needs:
/// "co-leading 6 sessions; supervision 1 session; membership".
std::string still_needed_text(const report::AuditRow& row);

/// The requirements waived, by id: "leadership-training; membership".
std::string waived_text(const report::AuditRow& row);

/// "all entries", "entries from 2025-01-01 to 2025-12-31", "entries from 2025-01-01",
/// "entries up to 2025-12-31".
std::string period_text(const core::Period& p);

/// Entry ids separated by spaces; beyond `limit` of them, "… (+N more)".
std::string entry_list(const std::vector<std::int64_t>& ids, std::size_t limit);

/// "bbs-leader (pathway)" or "bbs-leader-2023 (rule set)".
std::string audit_subject(const report::AuditReport& r);

}  // namespace balint::render
