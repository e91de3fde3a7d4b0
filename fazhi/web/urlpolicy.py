"""Who may reach the staff shell's routes (docs/security.md 9; the mechanism is fazhi.core.urlpolicy)."""

from fazhi.core.models import RoleCode
from fazhi.core.urlpolicy import PUBLIC, STAFF, declare, declare_body_limits
from fazhi.core.workflow.attachments import UPLOAD_BODY_BYTES

declare(
    {
        "web:login": PUBLIC,
        "web:logout": PUBLIC,  # POST only; signing out must work even once the session has expired
        # account security: the code step of a login runs before anyone is signed in
        "web:totp-verify": PUBLIC,  # acts only on a login pending in this session (or a signed-in step-up)
        "web:totp-setup": STAFF,
        "web:password-change": STAFF,
        # the security administrator's account screen: reset a lost second factor, unlock, force a
        # password change (fazhi.web.account_security; the views also answer 404 to anyone else)
        "web:security-accounts": (RoleCode.SECADMIN,),
        "web:security-account": (RoleCode.SECADMIN,),
        # accounts and the organisation tree under the two-person rule (fazhi.web.account_admin):
        # the 系统管理员 requests, the 安全管理员 approves; the views also answer 404 to anyone else
        "web:account-admin": (RoleCode.SYSADMIN,),
        "web:account-new": (RoleCode.SYSADMIN,),
        "web:account-edit": (RoleCode.SYSADMIN,),
        "web:organisation-move": (RoleCode.SYSADMIN,),
        "web:account-password-part": (RoleCode.SYSADMIN,),  # the first part of a one-time password, once
        "web:account-changes": (RoleCode.SECADMIN,),
        "web:account-change-decide": (RoleCode.SECADMIN,),
        # a move waiting for its named approver's confirmation: 404 to anyone but that approver
        "web:approval": STAFF,
        "web:dashboard": STAFF,
        "web:reminders": STAFF,  # 今日提醒: the signed-in user's own reminders (404 for the 三员)
        "web:attachment-download": STAFF,  # data scope checked by get_visible_or_404
        "web:import-index": STAFF,  # lists only the import kinds the account's roles allow
        "web:import-template": STAFF,  # 404 for a kind the roles do not allow
        "web:import-upload": STAFF,
        "web:import-job": STAFF,  # an import's progress: 404 to anyone but the account that submitted it
        "web:jobs": (RoleCode.SYSADMIN,),  # 后台任务: what ran by itself, and its results
        "web:document-generate": STAFF,  # document kinds carry their own roles
        "web:list": STAFF,  # rows cut by data scope; administrators see none
        "web:export": STAFF,
        "web:detail": STAFF,
        "web:transition": STAFF,  # the procedure's transition roles are checked by the engine
        # create and edit pages declared on a ListSpec (FormSpec): the views check the declared roles
        # and states and the data scope, and answer 404 to anyone else
        "web:create": STAFF,
        "web:edit": STAFF,
        "web:attachment-upload": STAFF,
        # 查看明文 with a reason (docs/security.md 11); the view also checks data scope (404) and the roles.
        "web:personal-data-reveal": (RoleCode.REVIEWER, RoleCode.LEADER),
        # 信息公开审核 (docs/security.md 18, 20): the view and fazhi.core.publication.services check the same
        # roles and the data scope; approving is the 法制审核人员's, withdrawing also the 分管领导's.
        "web:publication-review": (RoleCode.REVIEWER, RoleCode.LEADER, RoleCode.SUPERVISOR),
        "web:publication-approve": (RoleCode.REVIEWER,),
        "web:publication-withdraw": (RoleCode.REVIEWER, RoleCode.LEADER),
    }
)

# Routes taking a file accept larger bodies than the 2MB default (issue 10 item 15); an Excel import
# is at most 10MB (fazhi.web.imports.MAX_IMPORT_BYTES), with room for the clear "over 10MB" message.
declare_body_limits(
    {
        "web:attachment-upload": UPLOAD_BODY_BYTES,
        "web:import-upload": 12 * 1024 * 1024,
    }
)
