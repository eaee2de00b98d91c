import type { InstitutionKind } from './labels';

/**
 * The operator's filing form and the API's rules for it (src/registry/dto/institution.dto.ts and
 * filing-workflow.ts `missingForSubmission`), so the form shows every problem at once before anything is sent.
 */
export interface FilingFormValues {
  name: string;
  kind: string;
  independent: boolean;
  /** 提供膳食: the food business licence is then a required document */
  servesMeals?: boolean;
  township?: string | null;
  address?: string | null;
  bankName?: string | null;
  accountName?: string | null;
  accountNumber?: string | null;
}

export interface FormProblem {
  field: keyof FilingFormValues;
  message: string;
}

const blank = (v: string | null | undefined) => !v || !v.trim();

/** `submitting`: also what a submission needs (township, address, the whole bank account). */
export function filingProblems(values: FilingFormValues, submitting: boolean): FormProblem[] {
  const problems: FormProblem[] = [];
  if (blank(values.name)) problems.push({ field: 'name', message: '请填写机构名称' });
  else if (values.name.trim().length > 200) problems.push({ field: 'name', message: '机构名称不能超过 200 个字' });
  if (!values.kind) problems.push({ field: 'kind', message: '请选择机构类型' });
  if ((values.address ?? '').length > 300) problems.push({ field: 'address', message: '地址不能超过 300 个字' });

  const bank = [values.bankName, values.accountName, values.accountNumber];
  const anyBank = bank.some((v) => !blank(v));
  if (anyBank || submitting) {
    if (blank(values.bankName)) problems.push({ field: 'bankName', message: '请填写开户银行' });
    else if (values.bankName!.trim().length > 200) problems.push({ field: 'bankName', message: '开户银行不能超过 200 个字' });
    if (blank(values.accountName)) problems.push({ field: 'accountName', message: '请填写账户名称' });
    else if (values.accountName!.trim().length > 200) problems.push({ field: 'accountName', message: '账户名称不能超过 200 个字' });
    if (blank(values.accountNumber)) problems.push({ field: 'accountNumber', message: '请填写银行账号' });
    else if (!/^[0-9]{6,32}$/.test(values.accountNumber!.trim()))
      problems.push({ field: 'accountNumber', message: '银行账号应为 6 到 32 位数字' });
  }
  if (submitting) {
    if (blank(values.township)) problems.push({ field: 'township', message: '提交备案前请选择所在乡镇（街道）' });
    if (blank(values.address)) problems.push({ field: 'address', message: '提交备案前请填写地址' });
  }
  return problems;
}

/** The PATCH body an operator may send: only the fields operators may change; empty values clear. */
export function filingPatch(values: FilingFormValues) {
  const trimmed = (v: string | null | undefined) => (blank(v) ? null : v!.trim());
  const bankName = trimmed(values.bankName);
  const accountName = trimmed(values.accountName);
  const accountNumber = trimmed(values.accountNumber);
  return {
    name: values.name.trim(),
    kind: values.kind as InstitutionKind,
    independent: values.independent,
    servesMeals: values.servesMeals ?? false,
    township: trimmed(values.township),
    address: trimmed(values.address),
    bankAccount: bankName && accountName && accountNumber ? { bankName, accountName, accountNumber } : null,
  };
}

/** Server field names (422 details) → form fields. */
export function formFieldOf(serverField: string): keyof FilingFormValues | null {
  const map: Record<string, keyof FilingFormValues> = {
    name: 'name',
    kind: 'kind',
    independent: 'independent',
    servesMeals: 'servesMeals',
    township: 'township',
    address: 'address',
    'bankAccount.bankName': 'bankName',
    'bankAccount.accountName': 'accountName',
    'bankAccount.accountNumber': 'accountNumber',
  };
  return map[serverField] ?? null;
}
