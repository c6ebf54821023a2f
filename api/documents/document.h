#pragma once
// A printed document, laid out by pdf_writer.h: what it says, already in the reader's language,
// with no notion of pages, fonts or points. Built from an aggregate's state by
// invoice_document.h (invoices, credit notes, payment receipts).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/date.h"

namespace factura::api::documents {

// A name and the lines under it (address, tax id).
struct Party {
  std::string heading;  // "Bill to"
  std::string name;
  std::vector<std::string> lines;
};

struct TableColumn {
  std::string title;
  double share = 1;      // of the table's width, relative to the other columns'
  bool numeric = false;  // right-aligned
};

struct TotalLine {
  std::string label;
  std::string value;
  bool emphasized = false;  // the total, the amount due
  std::string key;          // "total", "amount_due": how a machine finds it (the page's ids)
};

struct Document {
  std::string title;                                       // "Invoice"
  std::string number;                                      // "INV-2025-0001"
  std::optional<std::string> stamp;                        // "DRAFT", "VOID", "PAID"
  std::vector<std::pair<std::string, std::string>> facts;  // ("Issue date", "01/15/2025")
  Party seller;
  Party buyer;
  std::vector<TableColumn> columns;
  std::vector<std::vector<std::string>> rows;  // a cell per column
  std::vector<TotalLine> totals;
  std::vector<std::pair<std::string, std::string>> sections;  // ("Notes", "…")
  std::optional<std::string> qr_payload;  // a URL; drawn as a QR code with its caption
  std::string qr_caption;
  std::string page_of;  // "Page {n} of {m}"
  // The file's metadata: the same for every render of the same facts.
  std::string author;
  domain::Timestamp created;
};

}  // namespace factura::api::documents
