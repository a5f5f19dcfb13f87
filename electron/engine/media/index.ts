/** Removable media: listing, filesystem limits, media sets, read-back and eject (issue 11). */
export { listMedia, listerFor, type Medium, type MediaLister, type ListOptions } from './drives';
export { filesystemOf, FAT_MAX_FILE, isFat, kindFromBootSector, type FilesystemInfo, type FsKind } from './filesystem';
export { labelFileName, parseMediumLabel, planMediaSet, MEDIA_SET_FORMAT, type MediumLabel, type MediaPlan } from './media-set';
export { writeMediaSet, loadPackageForMedia, type MediumResult, type WriteOptions } from './write-set';
export { gatherMediaSet, GatherRefusal, type GatherResult } from './gather';
export { readBack, type ReadBackMethod } from './read-back';
export { ejectMedium, udisksEject, holders, type EjectResult } from './eject';
export { planSetLike, writeSetMember, volumeSizeForMedia, spaceNeeded, type SetPlan, type SetMemberOptions } from './set-writer';
export { gatherOneMedium, gatheringDir, GATHER_STATE, type GatherStep } from './gather-one';
export { arrivalOf, type Arrival } from './arrival';
