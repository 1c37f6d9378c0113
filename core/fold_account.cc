// The fold for account events: opened, updated, note added, task set. None carries money.
#include <algorithm>

#include "core/fold_internal.h"

namespace arledger::fold_internal {
namespace {

// Events may reach an account before its AccountOpened (billing is the source of truth for
// invoices and may publish first); opening later fills in the details without touching money.
void SetContact(const v1::Contact& contact, v1::AccountState* state) {
  v1::Contact* target = state->mutable_contact();
  if (!contact.name().empty()) target->set_name(contact.name());
  if (!contact.email().empty()) target->set_email(contact.email());
  if (!contact.phone().empty()) target->set_phone(contact.phone());
}

}  // namespace

Status ApplyAccountOpened(FoldContext& context, const v1::AccountOpened& body) {
  v1::AccountState& state = context.state;
  if (state.opened()) {
    return FailedPrecondition("account " + state.account_id() + " was already opened on " +
                              state.opened_date());
  }
  state.set_opened(true);
  state.set_opened_date(context.date);
  state.set_name(body.name());
  state.set_collector_id(body.collector_id());
  state.set_portfolio(body.portfolio());
  if (body.has_credit_limit()) *state.mutable_credit_limit() = body.credit_limit();
  if (body.has_contact()) SetContact(body.contact(), &state);
  if (state.status() == v1::ACCOUNT_STATUS_UNSPECIFIED) {
    state.set_status(v1::ACCOUNT_STATUS_ACTIVE);
  }
  return Status::Ok();
}

Status ApplyAccountUpdated(FoldContext& context, const v1::AccountUpdated& body) {
  v1::AccountState& state = context.state;
  if (body.has_collector_id()) state.set_collector_id(body.collector_id());
  if (body.has_credit_limit()) *state.mutable_credit_limit() = body.credit_limit();
  if (body.has_status()) state.set_status(body.status());
  if (body.has_contact()) SetContact(body.contact(), &state);
  if (body.has_portfolio()) state.set_portfolio(body.portfolio());
  if (body.has_name()) state.set_name(body.name());
  return Status::Ok();
}

Status ApplyNoteAdded(FoldContext& context, const v1::NoteAdded& body) {
  v1::AccountState& state = context.state;
  for (const v1::NoteRecord& note : state.notes()) {
    if (note.note_id() == body.note_id()) {
      return FailedPrecondition("note " + body.note_id() + " already exists");
    }
  }
  v1::NoteRecord* note = state.add_notes();
  note->set_note_id(body.note_id());
  note->set_date(context.date);
  note->set_text(body.text());
  note->set_contact_channel(body.contact_channel());
  note->set_author_id(context.event.recorded_by().principal_id());
  // A note with a channel records contact with the customer; a backdated one never moves the
  // last contact date backwards.
  if (body.contact_channel() != v1::CONTACT_CHANNEL_UNSPECIFIED) {
    state.set_last_contact_date(std::max(state.last_contact_date(), context.date));
  }
  return Status::Ok();
}

// Setting a task with an existing task_id replaces it: tasks are edited, not appended.
Status ApplyTaskSet(FoldContext& context, const v1::TaskSet& body) {
  v1::TaskRecord* task = nullptr;
  for (v1::TaskRecord& existing : *context.state.mutable_tasks()) {
    if (existing.task_id() == body.task_id()) task = &existing;
  }
  if (task == nullptr) task = context.state.add_tasks();
  task->set_task_id(body.task_id());
  task->set_due_date(body.due_date());
  task->set_description(body.description());
  task->set_assignee_id(body.assignee_id());
  return Status::Ok();
}

}  // namespace arledger::fold_internal
