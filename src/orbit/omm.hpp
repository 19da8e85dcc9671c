// CCSDS Orbit Mean-elements Messages (OMM, CCSDS 502.0-B) for SGP4: XML and KVN, and the
// JSON and CSV layouts CelesTrak serves (keys OBJECT_NAME, OBJECT_ID, EPOCH, MEAN_MOTION,
// ECCENTRICITY, INCLINATION, RA_OF_ASC_NODE, ARG_OF_PERICENTER, MEAN_ANOMALY,
// EPHEMERIS_TYPE, CLASSIFICATION_TYPE, NORAD_CAT_ID, ELEMENT_SET_NO, REV_AT_EPOCH, BSTAR,
// MEAN_MOTION_DOT, MEAN_MOTION_DDOT). Unknown keys are errors naming the key and line.
// REF_FRAME must be TEME, TIME_SYSTEM UTC, CENTER_NAME EARTH and MEAN_ELEMENT_THEORY SGP4
// (or SGP/SGP4); other standard CCSDS keys (header, spacecraft, covariance, USER_DEFINED_*)
// are accepted and ignored. Errors name the file and the line (KVN, XML, CSV: line and
// column number) or, for JSON, the object ("object 2 (index 1)"), then the key. As for TLEs,
// blank input gives zero sets and non-blank input without a set is an error.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "orbit/elements.hpp"
#include "orbit/tle.hpp"

namespace lagrange::orbit {

enum class OmmFormat { kXml, kKvn, kJson, kCsv };

Result<ParsedElements> parse_omm(std::string_view text, OmmFormat format,
                                 const std::string& source_name, const ParseOptions& options = {});

// Picks the format from the extension (.xml, .kvn/.txt/.omm, .json, .csv), falling back to
// sniffing the first non-blank character ('<' XML, '[' or '{' JSON, a header with
// OBJECT_NAME, CSV; otherwise KVN).
Result<ParsedElements> load_omm_file(const std::string& path, const ParseOptions& options = {});

}  // namespace lagrange::orbit
