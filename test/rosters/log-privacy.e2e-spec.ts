import { buildResidentId } from '../../src/common/identity/resident-id';
import { findPersonalData } from '../setup/log-privacy';

// The scanner global-teardown runs over the whole run's application log.
describe('log privacy scan', () => {
  const id = buildResidentId('2024-01-01', 7);

  it('finds checksum-valid ID numbers and test children’s names', () => {
    expect(findPersonalData(`{"msg":"x","v":"${id}"}`)).toHaveLength(1);
    expect(findPersonalData(`{"msg":"${id.toLowerCase()}"}`)).toHaveLength(1);
    expect(findPersonalData('{"msg":"测试儿童42 enrolled"}')).toHaveLength(1);
  });

  it('ignores other long numbers, masked IDs and invalid checksums', () => {
    const wrongCheck = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    const log = [
      id.slice(0, 6) + '********' + id.slice(-4),
      wrongCheck,
      `9${id}`, // part of a longer number
      '1795954740513', // a timestamp
    ].join(' ');
    expect(findPersonalData(log)).toEqual([]);
  });

  it('never quotes the value it found', () => {
    expect(findPersonalData(`x ${id}`).join(' ')).not.toContain(id);
  });
});
