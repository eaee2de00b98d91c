import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, Popconfirm, Select, Space, Spin, Table, Timeline, message } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { ApiError } from '../../api/errors';
import type { CreditRating, Inspection, Institution, InstitutionHistory, Page, Township } from '../../api/local-types';
import { ErrorAlert } from '../../components/error-alert';
import { PageTitle } from '../../components/page-title';
import { StatusTag } from '../../components/status-tag';
import { useLoad } from '../../components/use-load';
import { formatDate, formatDateTime } from '../../lib/dates';
import { filingPatch, filingProblems, formFieldOf, type FilingFormValues } from '../../lib/filing-form';
import {
  INSPECTION_KIND_LABELS,
  INSPECTION_RESULT_LABELS,
  INSTITUTION_KIND_LABELS,
  INSTITUTION_STATUS_LABELS,
  labelOf,
} from '../../lib/labels';
import { formatFenOrDash } from '../../lib/money';
import { monthLabel } from '../../lib/months';
import { FilingDocuments } from './filing-documents';
import { useInstitutionId } from './use-institution-id';

const FIELDS: (keyof FilingFormValues)[] = [
  'name',
  'kind',
  'independent',
  'servesMeals',
  'township',
  'address',
  'bankName',
  'accountName',
  'accountNumber',
];
const EDITABLE = ['DRAFT', 'RETURNED'];

function toForm(i: Institution): FilingFormValues {
  return {
    name: i.name,
    kind: i.kind,
    independent: i.independent,
    servesMeals: i.servesMeals,
    township: i.township,
    address: i.address,
    bankName: i.bankAccount.bankName,
    accountName: i.bankAccount.accountName,
    accountNumber: i.bankAccount.accountNumber,
  };
}

/** 我的机构: the filing form (edit, submit, resubmit after return), the filing once FILED, designation, supervision. */
export function InstitutionPage() {
  const id = useInstitutionId();
  const [form] = Form.useForm<FilingFormValues>();
  const servesMealsInForm = Form.useWatch('servesMeals', form);
  const [error, setError] = useState<unknown>(null);
  const [formProblems, setFormProblems] = useState(0);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [toast, toastHolder] = message.useMessage();

  const {
    data,
    error: loadError,
    reload,
    setData,
  } = useLoad(async () => {
    const [institution, townships, history, inspections, ratings] = await Promise.all([
      call<Institution>(api.GET('/api/v1/institutions/{id}', { params: { path: { id } } })),
      call<Page<Township>>(api.GET('/api/v1/townships', { params: { query: { pageSize: 200 } } })),
      call<InstitutionHistory>(api.GET('/api/v1/institutions/{id}/history', { params: { path: { id } } })),
      call<Page<Inspection>>(api.GET('/api/v1/institutions/{id}/inspections', { params: { path: { id }, query: { pageSize: 50 } } })),
      call<Page<CreditRating>>(api.GET('/api/v1/institutions/{id}/credit-ratings', { params: { path: { id }, query: { pageSize: 50 } } })),
    ]);
    return { institution, townships: townships.items, history, inspections: inspections.items, ratings: ratings.items };
  }, [id]);

  /** Checks the whole form with the API's rules and marks every problem at once; true when there is none. */
  const check = (submitting: boolean): boolean => {
    const problems = filingProblems(form.getFieldsValue(true), submitting);
    form.setFields(FIELDS.map((name) => ({ name, errors: problems.filter((p) => p.field === name).map((p) => p.message) })));
    setFormProblems(problems.length);
    return problems.length === 0;
  };

  const showServerProblems = (e: unknown) => {
    setError(e);
    if (e instanceof ApiError && e.status === 422) {
      const byField = new Map<string, string[]>();
      for (const d of e.details) {
        const field = formFieldOf(d.field);
        if (field) byField.set(field, [...(byField.get(field) ?? []), d.message]);
      }
      form.setFields([...byField].map(([name, errors]) => ({ name: name as keyof FilingFormValues, errors })));
    }
  };

  const save = async (): Promise<Institution | null> => {
    const saved = await call<Institution>(
      api.PATCH('/api/v1/institutions/{id}', { params: { path: { id } }, body: filingPatch(form.getFieldsValue(true)) }),
    );
    setData((current) => (current ? { ...current, institution: saved } : current));
    return saved;
  };

  const onSave = async () => {
    setError(null);
    if (!check(false)) return;
    setBusy('save');
    try {
      await save();
      toast.success('备案信息已保存');
    } catch (e) {
      showServerProblems(e);
    } finally {
      setBusy(null);
    }
  };

  const onSubmit = async () => {
    setError(null);
    if (!check(true)) return;
    setBusy('submit');
    try {
      await save();
      await call(api.POST('/api/v1/institutions/{id}/submit', { params: { path: { id } } }));
      toast.success('备案已提交，请等待区卫生健康局审核');
      await reload();
    } catch (e) {
      showServerProblems(e);
    } finally {
      setBusy(null);
    }
  };

  if (loadError) return <ErrorAlert error={loadError} />;
  if (!data) return <Spin />;
  const { institution, townships, history, inspections, ratings } = data;
  const editable = EDITABLE.includes(institution.status);

  return (
    <>
      {toastHolder}
      <PageTitle intro="机构的备案信息、普惠认定和监管记录。">我的机构</PageTitle>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        {institution.status === 'RETURNED' ? (
          <Alert
            type="error"
            showIcon
            title="备案被退回"
            description={`退回原因：${institution.statusReason ?? '（未说明）'}。请按原因修改下面的信息，保存后重新提交。`}
          />
        ) : null}
        {institution.status === 'SUBMITTED' ? (
          <Alert type="info" showIcon title="备案已提交" description="区卫生健康局审核期间不能修改备案信息。" />
        ) : null}

        <Card title="备案情况">
          <Descriptions
            column={{ xs: 1, md: 2, xl: 3 }}
            items={[
              { key: 'status', label: '备案状态', children: <StatusTag status={institution.status} labels={INSTITUTION_STATUS_LABELS} /> },
              { key: 'number', label: '备案编号', children: institution.filingNumber ?? '—' },
              { key: 'filedAt', label: '备案日期', children: formatDate(institution.filedAt) },
              { key: 'credit', label: '统一社会信用代码', children: institution.creditCode },
              { key: 'slots', label: '核定托位数', children: institution.approvedSlots },
              { key: 'rating', label: '信用等级', children: institution.creditRating ?? '—' },
              {
                key: 'inclusive',
                label: '普惠托育',
                children: institution.inclusive
                  ? `是，自${monthLabel(institution.inclusiveFrom ?? '')}起`
                  : '否（未认定为普惠托育机构，不享受保育费补贴）',
              },
              {
                key: 'price',
                label: '普惠指导价',
                children: institution.inclusive
                  ? `${formatFenOrDash(institution.guidancePriceFen)}/月（自${monthLabel(institution.guidancePriceFrom ?? '')}起执行）`
                  : '—',
              },
            ]}
          />
        </Card>

        <Card title="备案信息">
          {!editable ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title="当前不能修改"
              description="备案已提交或已通过。如需变更机构信息，请联系区卫生健康局。"
            />
          ) : null}
          <Form
            key={institution.updatedAt}
            form={form}
            initialValues={toForm(institution)}
            layout="vertical"
            disabled={!editable}
            style={{ maxWidth: 720 }}
          >
            <Form.Item label="机构名称" name="name" required>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item label="机构类型" name="kind" required>
              <Select options={Object.entries(INSTITUTION_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="independent" valuePropName="checked">
              <Checkbox>独立设置（不附设于其他单位）</Checkbox>
            </Form.Item>
            <Form.Item name="servesMeals" valuePropName="checked" extra="提供膳食的机构须上传食品经营许可证">
              <Checkbox>为幼儿提供膳食</Checkbox>
            </Form.Item>
            <Form.Item label="所在乡镇（街道）" name="township" required extra="提交备案时必填">
              <Select allowClear options={townships.map((t) => ({ value: t.code, label: t.name }))} placeholder="请选择" />
            </Form.Item>
            <Form.Item label="地址" name="address" required extra="提交备案时必填">
              <Input maxLength={300} />
            </Form.Item>
            <Form.Item label="开户银行" name="bankName" required extra="补贴拨付到此账户；提交备案时必填">
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item label="账户名称" name="accountName" required>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item label="银行账号" name="accountNumber" required>
              <Input inputMode="numeric" maxLength={32} />
            </Form.Item>
            {formProblems > 0 ? (
              <Alert type="error" showIcon style={{ marginBottom: 16 }} title={`共 ${formProblems} 处需要修改，已在上面逐项标出`} />
            ) : null}
            <ErrorAlert error={error} />
            {editable ? (
              <Space style={{ marginTop: 16 }}>
                <Button onClick={onSave} loading={busy === 'save'}>
                  保存
                </Button>
                <Popconfirm
                  title="提交备案"
                  description="提交后，审核期间不能修改。确认提交？"
                  okText="提交"
                  cancelText="取消"
                  onConfirm={onSubmit}
                >
                  <Button type="primary" loading={busy === 'submit'}>
                    {institution.status === 'RETURNED' ? '保存并重新提交' : '保存并提交备案'}
                  </Button>
                </Popconfirm>
              </Space>
            ) : null}
          </Form>
        </Card>

        <FilingDocuments
          institutionId={id}
          editable={editable}
          servesMeals={servesMealsInForm ?? institution.servesMeals}
          version={institution.updatedAt}
        />

        <Card title="备案记录">
          <Timeline
            items={history.statusChanges.map((c, i) => ({
              key: `${c.at}-${i}`,
              content: (
                <>
                  {formatDateTime(c.at)} {labelOf(INSTITUTION_STATUS_LABELS, c.toStatus)}
                  {c.reason ? `：${c.reason}` : ''}
                </>
              ),
            }))}
          />
          {history.statusChanges.length === 0 ? '尚无记录' : null}
        </Card>

        <Card title="监督检查">
          <Table<Inspection>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={inspections}
            locale={{ emptyText: '尚无检查记录' }}
            columns={[
              { title: '检查日期', dataIndex: 'inspectedOn', key: 'date', width: 120 },
              { title: '类别', dataIndex: 'kind', key: 'kind', width: 140, render: (v: string) => labelOf(INSPECTION_KIND_LABELS, v) },
              {
                title: '结果',
                dataIndex: 'result',
                key: 'result',
                width: 120,
                render: (v: string) => labelOf(INSPECTION_RESULT_LABELS, v),
              },
              { title: '发现的问题', dataIndex: 'findings', key: 'findings', render: (v: string | null) => v ?? '—' },
            ]}
          />
        </Card>

        <Card title="信用评价">
          <Table<CreditRating>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={ratings}
            locale={{ emptyText: '尚无信用评价' }}
            columns={[
              { title: '评价日期', dataIndex: 'ratedOn', key: 'date', width: 120 },
              { title: '等级', dataIndex: 'rating', key: 'rating', width: 80 },
              { title: '说明', dataIndex: 'note', key: 'note', render: (v: string | null) => v ?? '—' },
            ]}
          />
        </Card>
      </Space>
    </>
  );
}
