import { ApiExample, ApiInt, ApiMonth } from '../infra/http/api-docs';

/** Childcare capacity of one township (or the district) over its FILED institutions. */
export class CapacityRowView {
  /** township code; null for the district total */
  @ApiExample('371523001')
  code: string | null;
  @ApiExample('振兴街道')
  name: string;
  /** 常住人口 */
  @ApiInt({ minimum: 0 })
  population: number;
  @ApiInt({ minimum: 0 })
  institutions: number;
  @ApiInt({ minimum: 0 })
  approvedSlots: number;
  /** approved slots per 1,000 population, 2 decimals; null without population */
  @ApiExample(5.32)
  slotsPer1000: number | null;
  /** slots ≥ target × population / 1000, compared exactly (not on the rounded figure) */
  meetsTarget: boolean;
  @ApiInt({ minimum: 0 })
  inclusiveSlots: number;
  /** inclusiveSlots / approvedSlots, 4 decimals (0.6667 = 66.67 %); null without slots */
  @ApiExample(0.6667)
  inclusiveShare: number | null;
}

/** FILED institutions whose township is not a registered township: counted in the district total only. */
export class UnassignedCapacityView {
  @ApiInt({ minimum: 0 })
  institutions: number;
  @ApiInt({ minimum: 0 })
  approvedSlots: number;
  @ApiInt({ minimum: 0 })
  inclusiveSlots: number;
}

export class CapacityReportView {
  /** the month whose inclusive designations count */
  @ApiMonth()
  month: string;
  /** slots per 1,000 population the plan asks for */
  @ApiInt({ example: 5 })
  targetPer1000: number;
  /** by code */
  townships: CapacityRowView[];
  unassigned: UnassignedCapacityView;
  district: CapacityRowView;
}
