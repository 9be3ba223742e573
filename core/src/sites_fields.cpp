// Value parsers for the sites list: operator, site type, column aliases.
#include <fmt/format.h>

#include <array>

#include "shikan/core/sites.hpp"

namespace shikan {

std::string_view to_string(SiteType t) {
  switch (t) {
    case SiteType::Macro: return "macro";
    case SiteType::Micro: return "micro";
    case SiteType::Indoor: return "indoor";
    case SiteType::Pico: return "pico";
  }
  return "macro";
}

std::optional<SiteType> parse_site_type(std::string_view s) {
  struct Name {
    std::string_view text;
    SiteType type;
  };
  static constexpr std::array<Name, 12> names = {{
      {"macro", SiteType::Macro},   {"宏站", SiteType::Macro},    {"宏基站", SiteType::Macro},
      {"micro", SiteType::Micro},   {"微站", SiteType::Micro},    {"微基站", SiteType::Micro},
      {"indoor", SiteType::Indoor}, {"室分", SiteType::Indoor},   {"室分站", SiteType::Indoor},
      {"室内", SiteType::Indoor},   {"pico", SiteType::Pico},     {"皮站", SiteType::Pico},
  }};
  s = csv::trim(s);
  for (const auto& n : names)
    if (csv::iequals(n.text, s)) return n.type;
  return std::nullopt;
}

Parsed<SiteOperator> parse_site_operator(std::string_view s) {
  s = csv::trim(s);
  if (const auto plmn = Plmn::parse(s)) return SiteOperator{operator_of(*plmn), plmn};
  for (const Operator op : {Operator::ChinaMobile, Operator::ChinaUnicom, Operator::ChinaTelecom, Operator::ChinaBroadnet}) {
    const OperatorName n = operator_name(op);
    // The short Chinese name drops the 中国 prefix (6 bytes in UTF-8): 移动, 联通, 电信, 广电.
    if (csv::iequals(s, n.key) || csv::iequals(s, n.en) || s == n.zh || s == n.zh.substr(6))
      return SiteOperator{op, std::nullopt};
  }
  return parse_error(fmt::format(
      "unknown operator '{}' (expected a PLMN such as 46000, CMCC/CUCC/CTCC/CBN or 中国移动/中国联通/中国电信/中国广电)", s));
}

std::vector<csv::ColumnSpec> site_columns() {
  return {
      {"site_id", {"站点编号", "基站编号", "站号", "站点id", "基站id", "site"}, true},
      {"operator", {"运营商", "plmn", "operator_name"}, true},
      {"lat", {"latitude", "纬度"}, true},
      {"lon", {"lng", "long", "longitude", "经度"}, true},
      {"gnb_id", {"gnbid", "gnodeb_id", "gnb", "gnb标识", "gnb编号"}, false},
      {"gnb_id_bits", {"gnb_id_length", "gnb长度"}, false},
      {"enb_id", {"enbid", "enodeb_id", "enb", "enb标识", "enb编号"}, false},
      {"rat", {"制式", "网络制式", "technology"}, false},
      {"band", {"频段"}, false},
      {"type", {"站型", "类型", "site_type", "覆盖类型"}, false},
      {"district", {"区县", "行政区", "区域"}, false},
      {"address", {"地址", "站址"}, false},
  };
}

}  // namespace shikan
