// Signs in and lists the filed institutions:
//   CHILDCARE_URL=http://localhost:3000 CHILDCARE_USER=admin CHILDCARE_PASSWORD=… \
//     node -r ./test/utils/register.js clients/typescript/src/example.ts
import { ApiRequestError, childcareClient, type Schemas } from './client';

/** How a client shows each institution status: the compiler insists on one label per status the API has. */
const STATUS_LABELS: Record<Schemas['InstitutionStatus'], string> = {
  DRAFT: '草稿',
  SUBMITTED: '已提交',
  RETURNED: '已退回',
  FILED: '已备案',
  SUSPENDED: '已暂停',
  CLOSED: '已关停',
};

export interface FiledInstitutions {
  signedInAs: string;
  role: Schemas['Role'];
  total: number;
  institutions: { name: string; status: string; filingNumber: string | null; inclusive: boolean }[];
}

export async function listFiledInstitutions(baseUrl: string, username: string, password: string): Promise<FiledInstitutions> {
  const api = childcareClient(baseUrl);
  const user = await api.login(username, password);
  const { data, error } = await api.client.GET('/api/v1/institutions', {
    params: { query: { status: 'FILED', page: 1, pageSize: 20 } },
  });
  if (error) throw new ApiRequestError(error);
  return {
    signedInAs: user.username,
    role: user.role,
    total: data.total,
    institutions: data.items.map((i) => ({
      name: i.name,
      status: STATUS_LABELS[i.status],
      filingNumber: i.filingNumber,
      inclusive: i.inclusive,
    })),
  };
}

if (require.main === module) {
  const { CHILDCARE_URL = 'http://localhost:3000', CHILDCARE_USER = 'admin', CHILDCARE_PASSWORD = '' } = process.env;
  listFiledInstitutions(CHILDCARE_URL, CHILDCARE_USER, CHILDCARE_PASSWORD).then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
