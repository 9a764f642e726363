/**
 * Signs a PDF with a PKCS#12 certificate so that PDF readers (and poppler's `pdfsig`) show the
 * signature: a signature field on the last page, a /Sig dictionary with SubFilter
 * ETSI.CAdES.detached (the PAdES subfilter) and a detached CMS made by @signpdf over the byte
 * ranges around it. Used on the approval package's PDF before its manifest is hashed, so the
 * package signatures cover the signed PDF.
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString, type PDFPage } from '@cantoo/pdf-lib';
import signpdf from '@signpdf/signpdf';
import { P12Signer } from '@signpdf/signer-p12';
import { ANNOTATION_FLAGS, DEFAULT_BYTE_RANGE_PLACEHOLDER, SIG_FLAGS, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { WorkbenchError } from '../../shared/api/errors';

export interface PdfSigningCertificate {
  /** The .p12 / .pfx file: certificate and private key. */
  p12: Uint8Array;
  passphrase: string;
}

export interface PdfSignatureDetails {
  /** Who signs, as shown by the reader (the certificate's subject is shown beside it). */
  name: string;
  reason: string;
  location?: string;
  contactInfo?: string;
  signingTime: Date;
}

/** Bytes reserved for the CMS (hex-encoded in the file, so twice as many characters). */
const SIGNATURE_BYTES = 16_384;

function addSignaturePlaceholder(doc: PDFDocument, page: PDFPage, details: PdfSignatureDetails): void {
  const context = doc.context;
  const byteRange = PDFArray.withContext(context);
  byteRange.push(PDFNumber.of(0));
  for (let i = 0; i < 3; i++) byteRange.push(PDFName.of(DEFAULT_BYTE_RANGE_PLACEHOLDER));

  const signature = context.register(
    context.obj({
      Type: 'Sig',
      Filter: 'Adobe.PPKLite',
      SubFilter: SUBFILTER_ETSI_CADES_DETACHED,
      ByteRange: byteRange,
      Contents: PDFHexString.of('0'.repeat(SIGNATURE_BYTES * 2)),
      Reason: PDFString.of(details.reason),
      M: PDFString.fromDate(details.signingTime),
      Name: PDFString.of(details.name),
      Location: PDFString.of(details.location ?? ''),
      ContactInfo: PDFString.of(details.contactInfo ?? ''),
      Prop_Build: { Filter: { Name: 'Adobe.PPKLite' }, App: { Name: 'PCR Onboarding Workbench' } },
    }),
  );

  // An invisible widget (zero rectangle) with an empty appearance, printed with the page.
  const appearance = context.register(context.formXObject([], { BBox: [0, 0, 0, 0], Resources: {} }));
  const widget = context.register(
    context.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Sig', Rect: [0, 0, 0, 0], V: signature, T: PDFString.of('Approval package signature'), F: ANNOTATION_FLAGS.PRINT, P: page.ref, AP: { N: appearance } }),
  );
  const annotations = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray) ?? context.obj([]);
  annotations.push(widget);
  page.node.set(PDFName.of('Annots'), annotations);

  let form = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  if (!form) {
    form = context.obj({ Fields: [] });
    doc.catalog.set(PDFName.of('AcroForm'), context.register(form));
  }
  form.set(PDFName.of('SigFlags'), PDFNumber.of(SIG_FLAGS.SIGNATURES_EXIST | SIG_FLAGS.APPEND_ONLY));
  form.lookup(PDFName.of('Fields'), PDFArray).push(widget);
}

export async function signPdf(pdf: Uint8Array, certificate: PdfSigningCertificate, details: PdfSignatureDetails): Promise<Uint8Array> {
  let signer: P12Signer;
  try {
    signer = new P12Signer(Buffer.from(certificate.p12), { passphrase: certificate.passphrase });
  } catch (error) {
    throw new WorkbenchError('validation', `The PKCS#12 certificate cannot be opened: ${error instanceof Error ? error.message : String(error)} (a wrong passphrase gives this too).`);
  }
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  addSignaturePlaceholder(doc, doc.getPage(doc.getPageCount() - 1), details);
  // A classic cross-reference table and no object streams: the signer finds the placeholder as text.
  const prepared = await doc.save({ useObjectStreams: false });
  try {
    return new Uint8Array(await signpdf.sign(Buffer.from(prepared), signer, details.signingTime));
  } catch (error) {
    throw new WorkbenchError('validation', `The PDF could not be signed with the certificate: ${error instanceof Error ? error.message : String(error)}`);
  }
}
