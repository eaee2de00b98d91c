import { Inject, Injectable } from '@nestjs/common';
import { shanghaiMonthOf } from '../common/month';
import type { Actor } from '../common/request-context';
import type { ExportCell, ExportColumn, ExportFormat, ExportRow } from '../finance/export-layout';
import { ExportFile, tableFile } from '../finance/table-file';
import { APP_CONFIG, AppConfig } from '../infra/config/app-config';
import { EligibilityRepository } from '../registry/eligibility.repository';
import { buildCapacityReport } from './capacity';
import type { CapacityReportView, CapacityRowView } from './capacity.view';
import { StatsRepository } from './stats.repository';
import { Clock } from '../infra/clock/clock';

@Injectable()
export class StatsService {
  constructor(
    private readonly repo: StatsRepository,
    private readonly eligibility: EligibilityRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Approved slots of FILED institutions per township against the target; inclusive = designated in the current month. */
  async capacity(): Promise<CapacityReportView> {
    const month = shanghaiMonthOf(this.clock.now());
    const [townships, institutions] = await Promise.all([this.repo.townships(), this.repo.filedInstitutions()]);
    const designations = await this.eligibility.designationsInForce(
      month,
      institutions.map((i) => i.id),
    );
    const report = buildCapacityReport(
      townships,
      institutions.map((i) => ({
        township: i.township,
        approvedSlots: i.approvedSlots,
        inclusive: designations.get(i.id)?.inclusive ?? false,
      })),
    );
    return { month, ...report };
  }

  /** The capacity report as a file: one row per township, the unassigned institutions, the district total. */
  async capacityFile(format: ExportFormat, actor: Actor): Promise<ExportFile> {
    const report = await this.capacity();
    const rows = report.townships;
    async function* body(): AsyncGenerator<ExportCell[]> {
      for (const r of rows) yield capacityCells(r);
    }
    const u = report.unassigned;
    const footer = (): Promise<ExportRow[]> =>
      Promise.resolve([
        ...(u.institutions > 0
          ? [
              {
                kind: 'line' as const,
                cells: ['', '未归属乡镇（街道）的机构', '', u.institutions, u.approvedSlots, '', '', u.inclusiveSlots, ''],
              },
            ]
          : []),
        { kind: 'totals', cells: capacityCells(report.district) },
      ]);
    return tableFile(
      {
        title: `${this.config.districtName}托位统计（每千人口托位数）${report.month}`,
        meta: [
          ['统计月份', report.month],
          ['目标', `每千人口 ${report.targetPer1000} 个托位`],
        ],
        columns: CAPACITY_COLUMNS,
        sheetName: `托位统计 ${report.month}`,
        fileName: { utf8: `${this.config.districtName}托位统计_${report.month}`, ascii: `capacity-${report.month}` },
        generatedAt: this.clock.now(),
        generatedBy: actor.username,
      },
      format,
      body(),
      footer,
    );
  }
}

export const CAPACITY_COLUMNS: readonly ExportColumn[] = [
  { title: '乡镇（街道）代码', width: 16, type: 'text' },
  { title: '乡镇（街道）', width: 20, type: 'text' },
  { title: '常住人口', width: 12, type: 'count' },
  { title: '已备案机构数', width: 12, type: 'count' },
  { title: '核定托位数', width: 12, type: 'count' },
  { title: '每千人口托位数', width: 14, type: 'text' },
  { title: '是否达标', width: 10, type: 'text' },
  { title: '普惠托位数', width: 12, type: 'count' },
  { title: '普惠占比', width: 10, type: 'text' },
];

function capacityCells(r: CapacityRowView): ExportCell[] {
  return [
    r.code ?? '',
    r.name,
    r.population,
    r.institutions,
    r.approvedSlots,
    r.slotsPer1000 === null ? '—' : r.slotsPer1000.toFixed(2),
    r.meetsTarget ? '达标' : '未达标',
    r.inclusiveSlots,
    r.inclusiveShare === null ? '—' : `${(r.inclusiveShare * 100).toFixed(2)}%`,
  ];
}
