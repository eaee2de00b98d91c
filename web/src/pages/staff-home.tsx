import { Card, List, Typography } from 'antd';
import { Link } from 'react-router';
import { PageTitle } from '../components/page-title';
import { ROLE_LABELS } from '../lib/labels';
import { MENUS } from '../lib/menus';
import { useUser } from '../session/session';

const DOES: Record<string, string> = {
  '/review': '待审核的花名册和备案，各月报送情况与催报名单',
  '/institutions': '机构列表、状态记录、普惠认定、暂停、恢复、关停、检查与信用评级、名册、结算与补助',
  '/children': '按身份证号查找儿童、查看完整身份证号、更正孩次和姓名',
  '/settlement-runs': '按月计算补贴、查看进度和明细、公示、审定、更正已审核的名册',
  '/policies': '补贴标准的各版本与生效月份',
  '/grants': '年度预算、建设补助与示范奖励，双人复核审批',
  '/stats': '每千人口托位数与目标、普惠占比、在托儿童与托位、按月趋势、导出',
  '/payments': '下载支付清单、导入银行回单或按表单录入支付、对账、确认已拨付并关闭',
  '/finance-summary': '全年各月补贴的应拨、已拨、未拨，补助按市级、区级资金的拨付，导出',
  '/grant-disbursements': '已审批的建设补助与奖励，按市级、区级资金登记拨付',
  '/audit': '操作记录（谁、做了什么、哪条记录、何时）、变更前后、哈希链校验、导出',
  '/users': '创建账号、停用、重设密码',
  '/admin/queues': '查看结算任务的进度和失败原因',
  '/directory': '公开信息',
};

/** The landing page of the bureaus' and auditors' accounts: where their work is done today. */
export function StaffHome() {
  const user = useUser();
  const links = [
    ...MENUS[user.role]
      .filter((e) => e.path !== '/')
      .map((e) => ({ href: e.path, text: `${e.label}：${DOES[e.path] ?? ''}`, external: Boolean(e.external) })),
    { href: '/docs', text: '接口文档：各项业务的接口与字段说明', external: true },
  ];
  return (
    <>
      <PageTitle intro={`您以${ROLE_LABELS[user.role]}身份登录。`}>工作台</PageTitle>
      <Card>
        <List
          dataSource={links}
          renderItem={(item) => (
            <List.Item>{item.external ? <a href={item.href}>{item.text}</a> : <Link to={item.href}>{item.text}</Link>}</List.Item>
          )}
        />
        {user.role === 'auditor' ? (
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
            审计账号可查看以上各页，但不能办理任何业务。
          </Typography.Paragraph>
        ) : null}
      </Card>
    </>
  );
}
