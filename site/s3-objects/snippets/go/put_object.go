// Store an object
package main

import (
	"context"
	"log"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func main() {
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-west-2"))
	if err != nil {
		log.Fatal(err)
	}
	client := s3.NewFromConfig(cfg)

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
}
