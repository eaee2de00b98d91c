import { ApiProperty } from '@nestjs/swagger';

/** A township or street as the public directory's filter shows it: code and name only. */
export class PublicTownshipView {
  @ApiProperty({ example: 'ZHENXING' })
  code: string;
  @ApiProperty({ example: '振兴街道' })
  name: string;
}

export class PublicTownshipListView {
  @ApiProperty({ type: [PublicTownshipView] })
  items: PublicTownshipView[];
}
