// Writers of the contact plan (format reference with examples: docs/contact-plan.md).
//
//  - CSV: contacts.csv (one row per directed contact, UTC and seconds from the plan start),
//    eclipses.csv (norad_id,start_utc,end_utc,kind,min_illuminated_fraction) and nodes.csv
//    (the node-number map).
//  - HDTN JSON: {"contacts":[{"contact":N,"source":..,"dest":..,"startTime":..,
//    "endTime":..,"rateBitsPerSec":..,"owlt":..}]}, the layout HDTN's router and scheduler
//    read; HDTN parses every field as an unsigned integer.
//  - ION: ionadmin commands `a contact +START +STOP FROM TO RATE_BYTES_PER_S` and
//    `a range +START +STOP FROM TO OWLT_S`, times relative to when ionadmin loads the file,
//    preceded by a comment header holding the node-number map.
// Node numbers in HDTN and ION are node index + 1 (ipn node numbers start at 1).
// Integer formats round inwards so no contact is promised that isn't there: start up to the
// next whole second, end down to the previous one (contacts that vanish are dropped); rates
// down to whole bit/s (HDTN) or byte/s (ION); OWLT up to whole seconds (so LEO light times
// of a few ms become 1 s, the smallest non-zero value the formats can carry).
// All writers are deterministic: same plan, same bytes.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "access/contact_plan.hpp"
#include "core/result.hpp"

namespace lagrange::access {

enum class PlanFormat { kCsv, kHdtnJson, kIon };

// "csv", "hdtn-json", "ion".
Result<PlanFormat> parse_plan_format(std::string_view text);

// The stream writers stop as soon as `out` goes bad (disk full); the caller checks its state.
void write_contacts_csv(const ContactPlan& plan, std::ostream& out);
void write_eclipses_csv(const ContactPlan& plan, std::ostream& out);
void write_node_map_csv(const ContactPlan& plan, std::ostream& out);
void write_hdtn_json(const ContactPlan& plan, std::ostream& out);
void write_ion(const ContactPlan& plan, std::ostream& out);

// Writes `format` to `out` (CSV: the contacts only).
void write_plan(const ContactPlan& plan, PlanFormat format, std::ostream& out);

// Writes every format into `directory` (created if missing): contacts.csv, eclipses.csv,
// nodes.csv, contact_plan.json (HDTN), contact_plan.ionrc (ION). Errors name the path and
// the system's reason, whether opening, writing on the way or closing failed.
Status write_plan_directory(const ContactPlan& plan, const std::string& directory);

}  // namespace lagrange::access
