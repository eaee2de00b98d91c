import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class PutTownshipDto {
  @IsString() @Matches(/\S/, { message: 'name must not be blank' }) @MaxLength(100) name: string;
  /** resident population (常住人口) */
  @IsInt() @Min(1) @Max(100_000_000) population: number;
}
