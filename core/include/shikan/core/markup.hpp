// Text escaping and number formatting for the files Shikan writes for people and other programs: the survey's
// GPX/KML/GeoJSON and the analyzer's HTML report. Pure.
#pragma once

#include <string>
#include <string_view>

namespace shikan::markup {

// Valid UTF-8 with C0 controls other than tab/LF/CR, DEL, C1 controls, U+FFFE/U+FFFF and every invalid or
// overlong byte sequence replaced by U+FFFD: what XML 1.0 (section 2.2 Char) and RFC 8259 both accept.
std::string clean_utf8(std::string_view s);

// XML and HTML character data and attribute values (both quote kinds; the apostrophe as &#39;, which HTML 4
// also knows; tab/LF/CR as references so attribute-value normalization does not eat them). Input is passed
// through clean_utf8 first.
std::string xml(std::string_view s);

// A JSON string literal, quotes included (RFC 8259 section 7). Input is passed through clean_utf8 first.
std::string json_string(std::string_view s);

// Fixed-point with `decimals` digits, locale-independent (std::to_chars); -0 is written as 0 so the output does
// not depend on the sign of zero. Callers handle non-finite values.
std::string fixed(double v, int decimals);

}  // namespace shikan::markup
