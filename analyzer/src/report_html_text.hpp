// The one strings table of the HTML report (report_html_text.cpp): every label, sentence and translated value,
// in Chinese and English. Entries with "{}" are fmt templates; their arguments are plain text, escaped on output.
#pragma once

#include <optional>
#include <string_view>

#include "shikan/analyzer/report_html.hpp"

namespace shikan::analyzer::html {

// One line per page section rather than one label per line (clang-format would put each on its own line).
// clang-format off
enum class T {
  // page
  DocTitle, DocTitleCity, Population, Intro, Footer,
  // verdicts
  HVerdicts, ColIndicator, ColReported, ColEstimate, ColInterval, ColVerdict,
  VerdictConsistent, VerdictOverstated, VerdictInconclusive, MoreToDecide,
  IndBaseStations, IndBaseStationsPer10k, IndCoverage, IndResidency, IndReachability,
  UnitSites, UnitSite, UnitKm, UnitPlaces, UnitPlace, UnitBins, UnitBin, UnitHours, UnitHour,
  // sites
  HSites, SummaryLine, SitesNote, ColSiteId, ColOperator, ColStatus, ColObservedId, ColReportedPos,
  ColEstimatedPos, ColOffset, ColUncertainty, ColSamples, ColClosest, ColNote,
  StatusVerified, StatusRelocated, StatusNotObserved, MatchIdentity, MatchLocation, MatchNone,
  HUnreported, UnreportedNote, ColNodeId, ColCells,
  // coverage and residency
  HCoverage, CoveredIf, FCoverageThreshold, FBinSize, FBins, FCoveredBins, FRateBins, FInterval, FRateSamples,
  FSamples, FDesignEffect, HPerOperator, ColBins, ColCoveredBins, ColRate, ColSampleRate,
  HResidency, FNrShare, FHours, HoursValue, ColSeconds, ColSa, ColNsa, ColLte, ColOther,
  // key places and throughput
  HPlaces, ColName, ColCategory, ColReachable, ColPerOperator, Yes, No, PlaceOperatorLine, Covered, NotCovered,
  CatHospital, CatSchool, CatUniversity, CatTransport, CatGovernment, CatCommercial, CatTourism, CatStadium,
  CatResidential,
  HThroughput, FDlMedian, FUlMedian,
  // CRS
  HCrs, FDeclared, FUsed, FLikely, FPairs, FOffset, OffsetValue,
  CrsWgs84, CrsGcj02, CrsBd09, CrsAuto, CrsUnknown,
  CrsShiftFound, CrsCorrected, CrsNotCorrected, CrsNoShift, CrsOtherShift, CrsUndetermined,
  // import and cleaning
  HData, HImport, FRows, FAccepted, FRejected, HMessages, MoreMessages,
  HCleaning, FSeen, FUsable, FGnssJump, FStaleFix, FDuplicate, FWithoutPosition, FSentinel, FOutOfRange,
  CleaningNote,
  // methodology
  HMethod, HThresholds, FRsrp, FSinr, FConfidence, FTolerance, FMatchRadius, FPlaceMargin,
  HIdLength, ColPlmn, ColBits, ColSource, SrcSites, SrcConfig, SrcInferred, SrcDefault,
  HSampleSizes, ColSampleSize, ColMethod, MethodHypergeometric, MethodClusteredCp, MethodCp, MethodTimeBlocks,
  MethodSites, MethodCoverage, MethodResidency, MethodVerdict,
  // inputs
  HInputs, ColRole, ColPath, ColFormat, ColBytes, ColSha,
  RoleMeasurements, RoleSites, RolePlaces, RoleClaims, RoleProfile,
};
// clang-format on

std::string_view text(T t, ReportLang lang);

// Values the report spells as keys ("verified", "gcj02", "hospital", ...), by the field they come from.
enum class Term { Indicator, Verdict, Status, Match, Crs, UnitMany, UnitOne, Method, Category, IdSource, Role };

// The entry for `key`, or nullopt for a key the table does not know (the caller then shows the key itself).
std::optional<T> term(Term field, std::string_view key);

}  // namespace shikan::analyzer::html
