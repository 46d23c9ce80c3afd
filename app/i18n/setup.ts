// Messages of the first setup of an installation (/setup) and its command-line counterpart.
const ja = {
  "setup.title": "Renkei の初期設定",
  "setup.lead": "はじめに、協議会と事務局、最初の管理者（PMO）を登録します。登録が終わると、このページは使えなくなります。",
  "setup.consortium": "協議会",
  "setup.consortiumNameHint": "例：北部広域 自治体システム標準化協議会",
  "setup.organization": "事務局",
  "setup.organizationName": "事務局の団体名",
  "setup.organizationNameHint": "例：北川市（事務局を置く団体）",
  "setup.organizationKind": "団体の種類",
  "setup.person": "最初の管理者（PMO）",
  "setup.personLead": "この方が協議会の PMO と事務局団体の団体管理者になります。ほかの方は登録後に「管理」から追加できます。",
  "setup.displayName": "氏名",
  "setup.displayNameKana": "ふりがな",
  "setup.department": "所属",
  "setup.email": "メールアドレス",
  "setup.submit": "登録して始める",
  "setup.emailInvalid": "メールアドレスの形式が正しくありません",
  "setup.notAvailable": "初期設定はすでに終わっているか、リンクが正しくありません。",
  "audit.action.installation.setup": "初期設定",
};

const en: Record<keyof typeof ja, string> = {
  "setup.title": "Set up Renkei",
  "setup.lead": "First, register the consortium, its secretariat and the first administrator (PMO). Once done, this page is no longer available.",
  "setup.consortium": "Consortium",
  "setup.consortiumNameHint": "e.g. Northern Region System Standardization Council",
  "setup.organization": "Secretariat",
  "setup.organizationName": "Secretariat organization",
  "setup.organizationNameHint": "e.g. Kitagawa City (where the secretariat sits)",
  "setup.organizationKind": "Kind of organization",
  "setup.person": "First administrator (PMO)",
  "setup.personLead": "This person becomes the consortium's PMO and the administrator of the secretariat's organization. Add others afterwards under Admin.",
  "setup.displayName": "Name",
  "setup.displayNameKana": "Name reading",
  "setup.department": "Department",
  "setup.email": "E-mail",
  "setup.submit": "Register and start",
  "setup.emailInvalid": "Not a valid e-mail address",
  "setup.notAvailable": "The setup is already done, or the link is not valid.",
  "audit.action.installation.setup": "Initial setup",
};

export default { ja, en };
