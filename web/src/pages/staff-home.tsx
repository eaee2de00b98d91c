import { Card, List, Typography } from 'antd';
import { Link } from 'react-router';
import { PageTitle } from '../components/page-title';
import { ROLE_LABELS } from '../lib/labels';
import { useUser } from '../session/session';

/** The landing page of the bureaus' and auditors' accounts: where their work is done today. */
export function StaffHome() {
  const user = useUser();
  const links = [
    ...(user.role === 'admin' ? [{ href: '/admin/queues', text: '队列监控：查看结算任务的进度和失败原因', external: true }] : []),
    { href: '/directory', text: '托育机构名录（公开信息）', external: false },
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
        <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>
          审核、结算、拨付和审计的页面将陆续在本平台开放；在此之前请使用接口文档中的接口办理。
        </Typography.Paragraph>
      </Card>
    </>
  );
}
