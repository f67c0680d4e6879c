// docs/ranges.md's opening example, compiled (test/docs/code-blocks.spec.ts finds it here).
import { Controller, Get, Param } from '@nestjs/common';
import { RangeableBody, Ranges } from 'nestjs-conditional';

@Controller('entries')
export class AttachmentsController {
  @Get(':id/attachment')
  @Ranges()
  attachment(@Param('id') id: string) {
    // Nothing is opened yet: the file is read only for the bytes that are sent.
    return RangeableBody.file(`/srv/attachments/${Number(id)}.wav`, { contentType: 'audio/wav' });
  }
}
