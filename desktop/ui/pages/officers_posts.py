"""The post actions of the officers page: add, correct, end, and delete a post entered by mistake.

A mixin of OfficersPage (kept apart so that each module stays small); it uses the page's `details`,
`services`, `_open()`, `_changed()` and `confirm()`.
"""
from __future__ import annotations

from desktop.domain.errors import BookError
from desktop.domain.officers import PostHolding
from desktop.i18n import _
from desktop.ui.dialogs.end_post_dialog import EndPostDialog, PostEnding
from desktop.ui.dialogs.post_dialog import PostDialog
from desktop.ui.errors import show_error


class PostActions:
    def add_post(self, person_id: int | None = None) -> PostDialog | None:
        person_id = person_id or self.selected_person_id()
        if person_id is None or not self._writable() or self.active_dialog is not None:
            return None
        person = self.services.officers.person(person_id).person
        dialog = PostDialog(person_id, person.full_name, self.services.union.terms(), self.current_term,
                            on_accept=self._save_new_post, parent=self)
        return self._open(dialog)

    def _save_new_post(self, holding: PostHolding) -> int:
        holding_id = self.services.officers.add_post(holding)
        self._changed(select=holding.person_id, reveal=True)
        self.details.select_post(holding_id)
        return holding_id

    def edit_post(self) -> PostDialog | None:
        post, row = self.details.selected_post(), self.selected_row()
        if post is None or row is None or not self._writable() or self.active_dialog is not None:
            return None
        dialog = PostDialog(row.person_id, row.full_name, self.services.union.terms(), self.current_term,
                            holding=post.holding, on_accept=self._save_post, parent=self)
        return self._open(dialog)

    def _save_post(self, holding: PostHolding) -> int:
        self.services.officers.update_post(holding)
        self._changed(select=holding.person_id)
        self.details.select_post(holding.id)
        return holding.id

    def end_post(self) -> EndPostDialog | None:
        post, row = self.details.selected_post(), self.selected_row()
        if post is None or row is None or not self._writable() or self.active_dialog is not None:
            return None
        description = _("{name}: {post}, term {term}").format(name=row.full_name, post=post.title, term=post.term)
        holding_id, person_id = post.holding_id, row.person_id

        def save(ending: PostEnding) -> None:
            self.services.officers.end_post(holding_id, ending.end_date, ending.reason)
            self._changed(select=person_id)
            self.details.select_post(holding_id)

        dialog = EndPostDialog(description, self.services.officers.today(), on_accept=save, parent=self)
        return self._open(dialog)

    def remove_post(self) -> None:
        post, row = self.details.selected_post(), self.selected_row()
        if post is None or row is None or not self._writable():
            return
        if not self.confirm(_("Delete a post"), _(
                "Delete the post “{post}” ({term}) of {name}? Do this only for a post entered by mistake; a post "
                "that ended should be ended instead, so that the history is kept.").format(
                    post=post.title, term=post.term, name=row.full_name)):
            return
        try:
            self.services.officers.remove_post(post.holding_id, reason=_("entered by mistake"))
        except BookError as error:
            show_error(self, error)
            return
        self._changed(select=row.person_id)
