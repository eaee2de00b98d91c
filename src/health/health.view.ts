import { ApiProperty } from '@nestjs/swagger';

/** Both dependencies answer (else 503 naming the one that does not). */
export class HealthView {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
  @ApiProperty({ enum: ['up'] })
  database: 'up';
  @ApiProperty({ enum: ['up'] })
  redis: 'up';
}
