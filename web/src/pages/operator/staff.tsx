import { Button, Card, Form, Input, Modal, Radio, Select, Space, Table, Tag, message } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { ApiError } from '../../api/errors';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/error-alert';
import { PageTitle } from '../../components/page-title';
import { useLoad } from '../../components/use-load';
import { labelOf, STAFF_ROLE_LABELS } from '../../lib/labels';
import { useInstitutionId } from './use-institution-id';

type Staff = components['schemas']['StaffView'];
type NewStaff = components['schemas']['CreateStaffDto'];

interface StaffForm {
  idNumber: string;
  name: string;
  role: string;
  qualificationNo?: string;
  healthCertificateExpiresOn: string;
  backgroundCheckedOn?: string;
  startedOn: string;
}

const blankToUndefined = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

/** 从业人员: the institution's staff register (masked), adding a person, recording who left. */
export function StaffPage() {
  const id = useInstitutionId();
  const [form] = Form.useForm<StaffForm>();
  const [active, setActive] = useState<'true' | 'false' | 'all'>('true');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [ending, setEnding] = useState<Staff | null>(null);
  const [endedOn, setEndedOn] = useState('');
  const [toast, toastHolder] = message.useMessage();
  const role = Form.useWatch('role', form);

  const {
    data,
    error: loadError,
    reload,
  } = useLoad(
    () =>
      call(
        api.GET('/api/v1/institutions/{id}/staff', {
          params: { path: { id }, query: { pageSize: 200, ...(active === 'all' ? {} : { active: active === 'true' }) } },
        }),
      ),
    [id, active],
  );

  const add = async () => {
    setError(null);
    let values: StaffForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const body: NewStaff = {
        idNumber: values.idNumber.trim(),
        name: values.name.trim(),
        role: values.role as NewStaff['role'],
        qualificationNo: blankToUndefined(values.qualificationNo),
        healthCertificateExpiresOn: values.healthCertificateExpiresOn,
        backgroundCheckedOn: blankToUndefined(values.backgroundCheckedOn),
        startedOn: values.startedOn,
      };
      await call(api.POST('/api/v1/institutions/{id}/staff', { params: { path: { id } }, body }));
      toast.success('已登记');
      form.resetFields();
      await reload();
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.status === 422) {
        form.setFields(e.details.map((d) => ({ name: d.field as keyof StaffForm, errors: [d.message] })));
      }
    } finally {
      setBusy(false);
    }
  };

  const end = async () => {
    if (!ending) return;
    setError(null);
    try {
      await call(api.POST('/api/v1/staff/{id}/end', { params: { path: { id: ending.id } }, body: { endedOn } }));
      toast.success('已登记离职');
      setEnding(null);
      await reload();
    } catch (e) {
      setError(e);
      setEnding(null);
    }
  };

  return (
    <>
      {toastHolder}
      <PageTitle intro="本机构的从业人员名册。同一人同一时间只能在一家机构在职；健康证到期或缺少无犯罪记录查询的人员会提示区卫生健康局。">
        从业人员
      </PageTitle>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Card title="登记从业人员">
          <Form form={form} layout="vertical" style={{ maxWidth: 720 }} initialValues={{ role: 'CAREGIVER' }}>
            <Form.Item label="身份证号" name="idNumber" rules={[{ required: true, message: '请填写身份证号' }]}>
              <Input maxLength={18} autoComplete="off" />
            </Form.Item>
            <Form.Item label="姓名" name="name" rules={[{ required: true, message: '请填写姓名' }]}>
              <Input maxLength={50} autoComplete="off" />
            </Form.Item>
            <Form.Item label="岗位" name="role" rules={[{ required: true, message: '请选择岗位' }]}>
              <Select options={Object.entries(STAFF_ROLE_LABELS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item
              label="保育人员资格证书编号"
              name="qualificationNo"
              rules={[{ required: role === 'CAREGIVER', message: '保育人员须填写资格证书编号' }]}
            >
              <Input maxLength={64} />
            </Form.Item>
            <Form.Item label="健康证有效期至" name="healthCertificateExpiresOn" rules={[{ required: true, message: '请填写健康证有效期' }]}>
              <Input type="date" />
            </Form.Item>
            <Form.Item label="无犯罪记录查询日期" name="backgroundCheckedOn" extra="尚未查询的请留空，区卫生健康局会提示补查">
              <Input type="date" />
            </Form.Item>
            <Form.Item label="入职日期" name="startedOn" rules={[{ required: true, message: '请填写入职日期' }]}>
              <Input type="date" />
            </Form.Item>
            <ErrorAlert error={error} />
            <Button type="primary" onClick={add} loading={busy} style={{ marginTop: 16 }}>
              登记
            </Button>
          </Form>
        </Card>

        <Card
          title="名册"
          extra={
            <Radio.Group
              value={active}
              onChange={(e) => setActive(e.target.value as typeof active)}
              optionType="button"
              options={[
                { value: 'true', label: '在职' },
                { value: 'false', label: '已离职' },
                { value: 'all', label: '全部' },
              ]}
            />
          }
        >
          <ErrorAlert error={loadError} />
          <Table<Staff>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data?.items ?? []}
            loading={!data && !loadError}
            locale={{ emptyText: '尚无人员' }}
            columns={[
              { title: '姓名', dataIndex: 'name', key: 'name', width: 100 },
              { title: '身份证号', dataIndex: 'idNumber', key: 'idNumber', width: 200 },
              { title: '岗位', dataIndex: 'role', key: 'role', width: 100, render: (v: string) => labelOf(STAFF_ROLE_LABELS, v) },
              { title: '资格证书', dataIndex: 'qualificationNo', key: 'qualificationNo', render: (v: string | null) => v ?? '—' },
              { title: '健康证有效期至', dataIndex: 'healthCertificateExpiresOn', key: 'health', width: 130 },
              {
                title: '无犯罪记录查询',
                dataIndex: 'backgroundCheckedOn',
                key: 'background',
                width: 130,
                render: (v: string | null) => v ?? <Tag color="red">未查询</Tag>,
              },
              { title: '入职', dataIndex: 'startedOn', key: 'startedOn', width: 110 },
              { title: '离职', dataIndex: 'endedOn', key: 'endedOn', width: 110, render: (v: string | null) => v ?? '—' },
              {
                title: '操作',
                key: 'actions',
                width: 110,
                render: (_, s) =>
                  s.endedOn ? null : (
                    <Button
                      size="small"
                      onClick={() => {
                        setEndedOn('');
                        setEnding(s);
                      }}
                    >
                      登记离职
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
      </Space>
      <Modal
        title={`登记离职：${ending?.name ?? ''}`}
        open={ending !== null}
        okText="确认"
        cancelText="取消"
        okButtonProps={{ disabled: !endedOn }}
        onOk={end}
        onCancel={() => setEnding(null)}
      >
        <label>
          离职日期 <Input type="date" value={endedOn} onChange={(e) => setEndedOn(e.target.value)} aria-label="离职日期" />
        </label>
      </Modal>
    </>
  );
}
