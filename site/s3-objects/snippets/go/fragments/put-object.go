// Replace with the name of your bucket.
bucket := "amzn-s3-demo-bucket"

_, err = client.PutObject(ctx, &s3.PutObjectInput{
	Bucket:      aws.String(bucket),
	Key:         aws.String("notes/hello.txt"),
	Body:        strings.NewReader("Hello from polysnip"),
	ContentType: aws.String("text/plain"),
})
if err != nil {
	log.Fatal(err)
}
