// The AccountState encoding: one field list per record (Fields), walked by a Writer to encode
// and by a Reader to decode, so the two can never disagree on the layout.
#include "core/state_codec.h"

#include <limits>
#include <type_traits>

#include "core/postings.h"

namespace arledger {
namespace {

// ---- The layout: every record's fields, in declaration order ----

template <typename Io, typename S>
void SettlementFields(Io& io, S& s) {
  io(s.date, s.amount_minor, s.kind, s.ref, s.amount_change_minor, s.previous_due_date);
}
template <typename Io, typename S>
void PoolChangeFields(Io& io, S& s) {
  io(s.date, s.currency, s.delta_minor, s.ref);
}
template <typename Io, typename S>
void ItemFields(Io& io, S& s) {
  io(s.invoice_id, s.issue_date, s.due_date, s.currency, s.amount_minor, s.open_minor, s.status,
     s.disputed_minor, s.written_off_minor, s.settlements, s.renewal, s.reference);
}
template <typename Io, typename S>
void AllocationFields(Io& io, S& s) {
  io(s.invoice_id, s.amount);
}
template <typename Io, typename S>
void PaymentFields(Io& io, S& s) {
  io(s.payment_id, s.date, s.amount, s.method, s.allocations, s.unallocated_minor, s.reversed,
     s.reversed_date, s.reversal_reason);
}
template <typename Io, typename S>
void CurrencyAmountFields(Io& io, S& s) {
  io(s.currency, s.amount_minor);
}
template <typename Io, typename S>
void LedgerBalanceFields(Io& io, S& s) {
  io(s.ledger_account, s.currency, s.balance_minor);
}
template <typename Io, typename S>
void PromiseFields(Io& io, S& s) {
  io(s.promise_id, s.made_date, s.promise_date, s.amount, s.state, s.cancelled_date);
}
template <typename Io, typename S>
void InstalmentFields(Io& io, S& s) {
  io(s.due_date, s.amount);
}
template <typename Io, typename S>
void PlanFields(Io& io, S& s) {
  io(s.plan_id, s.agreed_date, s.instalments, s.state, s.cancelled_date, s.revision);
}
template <typename Io, typename S>
void DisputeFields(Io& io, S& s) {
  io(s.dispute_id, s.invoice_id, s.reason_code, s.amount, s.state, s.raised_date, s.resolved_date,
     s.credited);
}
template <typename Io, typename S>
void PrincipalFields(Io& io, S& s) {
  io(s.principal_id, s.role);
}
template <typename Io, typename S>
void WriteOffFields(Io& io, S& s) {
  io(s.write_off_id, s.invoice_id, s.amount, s.reason, s.document_ref, s.requested_by, s.state,
     s.decision_reason, s.decided_by, s.requested_date, s.decided_date, s.applied);
}
template <typename Io, typename S>
void ReferralFields(Io& io, S& s) {
  io(s.referral_id, s.type, s.value_assigned, s.checklist_ref, s.agency, s.state, s.made_date,
     s.closed_date, s.outcome, s.amount_recovered);
}
template <typename Io, typename S>
void NoteFields(Io& io, S& s) {
  io(s.note_id, s.date, s.text, s.contact_channel, s.author_id);
}
template <typename Io, typename S>
void TaskFields(Io& io, S& s) {
  io(s.task_id, s.due_date, s.description, s.assignee_id);
}
template <typename Io, typename S>
void ContactFields(Io& io, S& s) {
  io(s.name, s.email, s.phone);
}
template <typename Io, typename S>
void AccountStateFields(Io& io, S& s) {
  io(s.account_id, s.opened, s.opened_date, s.name, s.collector_id, s.portfolio, s.status,
     s.credit_limit, s.contact);
  io(s.items, s.payments, s.unallocated_cash, s.account_credit, s.ledger);
  io(s.promises, s.plans, s.disputes, s.write_offs, s.referrals, s.notes, s.tasks);
  io(s.last_contact_date, s.last_event_date, s.events_applied, s.events_rejected);
  io(s.unallocated_cash_changes, s.account_credit_changes);
}

// Calls the field list of a record type (S may be const).
template <typename Io, typename S>
void RecordFields(Io& io, S& s) {
  using T = std::remove_const_t<S>;
  if constexpr (std::is_same_v<T, Settlement>)
    SettlementFields(io, s);
  else if constexpr (std::is_same_v<T, PoolChange>)
    PoolChangeFields(io, s);
  else if constexpr (std::is_same_v<T, Item>)
    ItemFields(io, s);
  else if constexpr (std::is_same_v<T, Allocation>)
    AllocationFields(io, s);
  else if constexpr (std::is_same_v<T, Payment>)
    PaymentFields(io, s);
  else if constexpr (std::is_same_v<T, CurrencyAmount>)
    CurrencyAmountFields(io, s);
  else if constexpr (std::is_same_v<T, LedgerBalance>)
    LedgerBalanceFields(io, s);
  else if constexpr (std::is_same_v<T, Promise>)
    PromiseFields(io, s);
  else if constexpr (std::is_same_v<T, Instalment>)
    InstalmentFields(io, s);
  else if constexpr (std::is_same_v<T, Plan>)
    PlanFields(io, s);
  else if constexpr (std::is_same_v<T, Dispute>)
    DisputeFields(io, s);
  else if constexpr (std::is_same_v<T, Principal>)
    PrincipalFields(io, s);
  else if constexpr (std::is_same_v<T, WriteOff>)
    WriteOffFields(io, s);
  else if constexpr (std::is_same_v<T, Referral>)
    ReferralFields(io, s);
  else if constexpr (std::is_same_v<T, Note>)
    NoteFields(io, s);
  else if constexpr (std::is_same_v<T, Task>)
    TaskFields(io, s);
  else if constexpr (std::is_same_v<T, Contact>)
    ContactFields(io, s);
  else if constexpr (std::is_same_v<T, AccountState>)
    AccountStateFields(io, s);
  else
    static_assert(sizeof(T) == 0, "a record type without a field list");
}

uint64_t ZigZag(int64_t value) {
  return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}
int64_t UnZigZag(uint64_t value) {
  return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
}

constexpr size_t kCurrencyBytes = 3;

// ---- Encoding ----

class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}

  template <typename... T>
  void operator()(const T&... values) {
    (Put(values), ...);
  }

 private:
  void Varint(uint64_t value) {
    while (value >= 0x80) {
      out_->push_back(static_cast<char>(value | 0x80));
      value >>= 7;
    }
    out_->push_back(static_cast<char>(value));
  }
  void Put(int64_t value) { Varint(ZigZag(value)); }
  void Put(int32_t value) { Varint(ZigZag(value)); }
  void Put(bool value) { out_->push_back(value ? 1 : 0); }
  void Put(const std::string& value) {
    Varint(value.size());
    out_->append(value);
  }
  void Put(Date date) { Varint(date.is_none() ? 0 : ZigZag(date.days_since_epoch()) + 1); }
  void Put(const Currency& currency) {
    const std::string_view code = currency.code();
    out_->append(code);
    out_->append(kCurrencyBytes - code.size(), '\0');
  }
  void Put(const Money& money) {
    Put(money.amount_minor());
    Put(money.currency());
  }
  template <typename E>
  requires std::is_enum_v<E>
  void Put(E value) { Put(static_cast<int32_t>(value)); }
  template <typename T>
  void Put(const std::optional<T>& value) {
    Put(value.has_value());
    if (value) Put(*value);
  }
  template <typename T>
  void Put(const std::vector<T>& values) {
    Varint(values.size());
    for (const T& value : values) PrefetchOwned(value);
    for (const T& value : values) Put(value);
  }
  template <typename S>
  requires std::is_class_v<S>
  void Put(const S& record) { RecordFields(*this, record); }

  // An item's settlements and a payment's allocations are allocations of their own: when a
  // pass writes its accounts they are cold, and reading them one after the other waited on one
  // cache miss each (perf: two loads took ~60% of the encoder's samples). Fetching all of a
  // vector's at once, before walking it, overlaps those misses: the encoder's samples in a
  // 100k-account journal replay went from 412-416 to 217-234 (of ~12k).
  static void PrefetchOwned(const Item& item) { __builtin_prefetch(item.settlements.data()); }
  static void PrefetchOwned(const Payment& payment) {
    __builtin_prefetch(payment.allocations.data());
  }
  template <typename T>
  static void PrefetchOwned(const T&) {}

  std::string* out_;
};

// ---- Decoding ----

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  template <typename... T>
  void operator()(T&... values) {
    (Get(values), ...);
  }

  bool failed() const { return error_ != nullptr; }
  const char* error() const { return error_; }
  bool at_end() const { return in_.empty(); }
  void Fail(const char* error) {
    if (error_ == nullptr) error_ = error;
    in_ = {};
  }
  bool Byte(char* value) {
    if (in_.empty()) {
      Fail("truncated");
      return false;
    }
    *value = in_.front();
    in_.remove_prefix(1);
    return true;
  }

 private:
  bool Varint(uint64_t* value) {
    uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      char byte = 0;
      if (!Byte(&byte)) return false;
      const uint64_t bits = static_cast<unsigned char>(byte);
      result |= (bits & 0x7f) << shift;
      if ((bits & 0x80) == 0) {
        *value = result;
        return true;
      }
    }
    Fail("varint longer than 10 bytes");
    return false;
  }
  // A count of things still to read, each at least one byte.
  bool Count(uint64_t* count) {
    if (!Varint(count)) return false;
    if (*count > in_.size()) {
      Fail("count beyond the end of the value");
      return false;
    }
    return true;
  }
  void Get(int64_t& value) {
    uint64_t raw = 0;
    if (Varint(&raw)) value = UnZigZag(raw);
  }
  void Get(int32_t& value) {
    int64_t wide = 0;
    Get(wide);
    if (wide < std::numeric_limits<int32_t>::min() || wide > std::numeric_limits<int32_t>::max()) {
      Fail("int32 out of range");
      return;
    }
    value = static_cast<int32_t>(wide);
  }
  void Get(bool& value) {
    char byte = 0;
    if (!Byte(&byte)) return;
    if (byte != 0 && byte != 1) Fail("bool neither 0 nor 1");
    value = byte == 1;
  }
  void Get(std::string& value) {
    uint64_t size = 0;
    if (!Count(&size)) return;
    value.assign(in_.data(), size);
    in_.remove_prefix(size);
  }
  void Get(Date& date) {
    uint64_t raw = 0;
    if (!Varint(&raw)) return;
    if (raw == 0) {
      date = kNoDate;
      return;
    }
    // Only dates Parse accepts are ever folded (events are validated), so only those are stored.
    const int64_t days = UnZigZag(raw - 1);
    if (days < kFirstDate.days_since_epoch() || days > kEndOfTimeDate.days_since_epoch()) {
      Fail("date outside 1900-01-01..9999-12-31");
      return;
    }
    date = Date::FromDays(static_cast<int32_t>(days));
  }
  void Get(Currency& currency) {
    if (in_.size() < kCurrencyBytes) {
      Fail("truncated");
      return;
    }
    const std::string_view code = in_.substr(0, kCurrencyBytes);
    in_.remove_prefix(kCurrencyBytes);
    if (code == std::string_view("\0\0\0", kCurrencyBytes)) {
      currency = Currency();
      return;
    }
    Result<Currency> parsed = Currency::Parse(code);
    if (!parsed.ok()) {
      Fail("not an ISO-4217 currency");
      return;
    }
    currency = *parsed;
  }
  void Get(Money& money) {
    int64_t amount_minor = 0;
    Currency currency;
    Get(amount_minor);
    Get(currency);
    money = Money(amount_minor, currency);
  }
  template <typename E>
  requires std::is_enum_v<E>
  void Get(E& value) {
    int32_t raw = 0;
    Get(raw);
    value = static_cast<E>(raw);
  }
  template <typename T>
  void Get(std::optional<T>& value) {
    bool present = false;
    Get(present);
    value.reset();
    if (present && !failed()) Get(value.emplace());
  }
  template <typename T>
  void Get(std::vector<T>& values) {
    uint64_t count = 0;
    values.clear();
    if (!Count(&count)) return;
    constexpr uint64_t kReserveMax = 16;  // Beyond it the vector grows as it is read.
    values.reserve(static_cast<size_t>(std::min(count, kReserveMax)));
    for (uint64_t i = 0; i < count && !failed(); ++i) Get(values.emplace_back());
  }
  template <typename S>
  requires std::is_class_v<S>
  void Get(S& record) { RecordFields(*this, record); }

  std::string_view in_;
  const char* error_ = nullptr;
};

}  // namespace

void EncodeAccountState(const AccountState& state, std::string* out) {
  out->clear();
  out->push_back(kAccountStateFormat);
  // The account's own records likewise, while the details before them are written.
  PrefetchAccountRecords(state);
  __builtin_prefetch(state.notes.data());
  Writer writer(out);
  writer(state);
}

Status DecodeAccountState(std::string_view bytes, AccountState* out) {
  Reader reader(bytes);
  char format = 0;
  if (reader.Byte(&format) && format != kAccountStateFormat) {
    return Corruption("account state: unknown format version " + std::to_string(format));
  }
  reader(*out);
  if (!reader.failed() && !reader.at_end()) reader.Fail("trailing bytes");
  if (!reader.failed() && !LedgerInOrder(out->ledger)) {
    reader.Fail("ledger not in (currency, ledger account) order, once each");
  }
  if (reader.failed()) return Corruption(std::string("account state: ") + reader.error());
  return Status::Ok();
}

}  // namespace arledger
