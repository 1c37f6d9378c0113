// The fold for account events: opened, updated, note added, task set. None carries money.
#include <algorithm>

#include "core/fold_internal.h"
#include "core/state_access.h"

namespace arledger::fold_internal {
namespace {

// Events may reach an account before its AccountOpened (billing is the source of truth for
// invoices and may publish first); opening later fills in the details without touching money.
void SetContact(const v1::Contact& contact, AccountState* state) {
  Contact& target = state->contact ? *state->contact : state->contact.emplace();
  if (!contact.name().empty()) target.name = contact.name();
  if (!contact.email().empty()) target.email = contact.email();
  if (!contact.phone().empty()) target.phone = contact.phone();
}

}  // namespace

Status ApplyAccountOpened(FoldContext& context, const v1::AccountOpened& body) {
  AccountState& state = context.state;
  if (state.opened) {
    return FailedPrecondition("account " + state.account_id + " was already opened on " +
                              state.opened_date.ToString());
  }
  state.opened = true;
  state.opened_date = context.date;
  state.name = body.name();
  state.collector_id = body.collector_id();
  state.portfolio = body.portfolio();
  if (body.has_credit_limit()) state.credit_limit = ValidatedMoney(body.credit_limit());
  if (body.has_contact()) SetContact(body.contact(), &state);
  if (state.status == v1::ACCOUNT_STATUS_UNSPECIFIED) state.status = v1::ACCOUNT_STATUS_ACTIVE;
  return Status::Ok();
}

Status ApplyAccountUpdated(FoldContext& context, const v1::AccountUpdated& body) {
  AccountState& state = context.state;
  if (body.has_collector_id()) state.collector_id = body.collector_id();
  if (body.has_credit_limit()) state.credit_limit = ValidatedMoney(body.credit_limit());
  if (body.has_status()) state.status = body.status();
  if (body.has_contact()) SetContact(body.contact(), &state);
  if (body.has_portfolio()) state.portfolio = body.portfolio();
  if (body.has_name()) state.name = body.name();
  return Status::Ok();
}

Status ApplyNoteAdded(FoldContext& context, const v1::NoteAdded& body) {
  AccountState& state = context.state;
  for (const Note& note : state.notes) {
    if (SameId(note.note_id, body.note_id())) {
      return FailedPrecondition("note " + body.note_id() + " already exists");
    }
  }
  Note& note = state.notes.emplace_back();
  note.note_id = body.note_id();
  note.date = context.date;
  note.text = body.text();
  note.contact_channel = body.contact_channel();
  note.author_id = context.event.recorded_by().principal_id();
  // A note with a channel records contact with the customer; a backdated one never moves the
  // last contact date backwards.
  if (body.contact_channel() != v1::CONTACT_CHANNEL_UNSPECIFIED) {
    state.last_contact_date = std::max(state.last_contact_date, context.date);
  }
  return Status::Ok();
}

// Setting a task with an existing task_id replaces it: tasks are edited, not appended.
Status ApplyTaskSet(FoldContext& context, const v1::TaskSet& body) {
  Task* task = nullptr;
  for (Task& existing : context.state.tasks) {
    if (SameId(existing.task_id, body.task_id())) task = &existing;
  }
  if (task == nullptr) task = &context.state.tasks.emplace_back();
  task->task_id = body.task_id();
  task->due_date = *ParseOptionalDate(body.due_date());  // Checked by ValidateEnvelope.
  task->description = body.description();
  task->assignee_id = body.assignee_id();
  return Status::Ok();
}

}  // namespace arledger::fold_internal
